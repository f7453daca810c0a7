using System.Diagnostics;
using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GeminiClone.Cluster.Tests.Cluster.Outages;

[Collection(ClusterCollection.Name)]
public sealed class ClusterOutageTests(ITestOutputHelper output)
{
    /// <summary>
    /// The promise: with no silo left, every request is answered 503 within 10 s. The gateway's deadline is 9 s, so
    /// the second left covers writing the answer; the allowance on top is for the test's own client and the
    /// processes sharing two busy cores, and stays far below anything a retry or a grain call's timeout would add.
    /// </summary>
    internal static readonly TimeSpan OutageAnswerBound = TimeSpan.FromSeconds(10) + TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task With_no_silo_left_every_request_is_a_503_with_retry_after_within_10_s_and_the_gateway_logs_the_outage_once()
    {
        await using var rig = await ClusterRig.StartAsync(silos: 1, gateways: 1, new Dictionary<string, string>
        {
            ["DASHBOARD_USERNAME"] = "operator",
            ["DASHBOARD_PASSWORD"] = "outage-operator-password",
        });
        // Well above the bound, so a slow answer is measured and reported rather than cut off by the client.
        var (api, user, token) = await rig.SignInAsync(timeout: TimeSpan.FromSeconds(30));
        var room = await api.CreateChatroomAsync(token);
        var key = (await (await api.PostJsonAsync("/user/api-keys", new { name = "outage" }, token))
            .ReadJsonAsync(HttpStatusCode.Created))["data"]!["key"]!.GetValue<string>();

        rig.Silos[0].Kill();
        var answers = new List<(string Request, HttpResponseMessage Response, TimeSpan Took)>();
        for (var round = 0; round < 5; round++)
        {
            answers.Add(await TimedAsync("GET /user/me", () => api.GetAsync("/user/me", token)));
            answers.Add(await TimedAsync("GET /user/me (API key)", () => api.GetAsync("/user/me", key)));
            answers.Add(await TimedAsync("GET /chatroom/{id}", () => api.GetAsync($"/chatroom/{room}", token)));
            answers.Add(await TimedAsync("POST /auth/send-otp", () => api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber })));
            answers.Add(await TimedAsync("POST /chatroom/{id}/message", () => api.SendMessageAsync(token, room, "anyone there?")));
            answers.Add(await TimedAsync("POST /chatroom/{id}/message (stream)", () => api.StreamAsync(token, room, "anyone there?")));
            answers.Add(await TimedAsync("GET /dashboard/DashboardCounters", () => AsOperatorAsync(api, "/dashboard/DashboardCounters")));
        }

        output.WriteLine(string.Join("\n", answers.Select(a => $"{a.Request}: {(int)a.Response.StatusCode} in {a.Took.TotalSeconds:F2} s")));
        foreach (var (request, response, took) in answers)
        {
            await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"{request} had no Retry-After");
            Assert.True(took <= OutageAnswerBound, $"{request} took {took}, past {OutageAnswerBound}");
        }

        var log = rig.Gateways[0].WholeOutput;
        Assert.Equal(1, Occurrences(log, "The cluster cannot be reached"));
        Assert.Equal(0, Occurrences(log, "Unhandled exception"));
    }

    private static Task<HttpResponseMessage> AsOperatorAsync(ApiClient api, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Basic", Convert.ToBase64String("operator:outage-operator-password"u8));
        return api.Http.SendAsync(request);
    }

    private static async Task<(string, HttpResponseMessage, TimeSpan)> TimedAsync(string request, Func<Task<HttpResponseMessage>> send)
    {
        var clock = Stopwatch.StartNew();
        var response = await send();
        return (request, response, clock.Elapsed);
    }

    private static int Occurrences(string text, string what) =>
        (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}

using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;

namespace GeminiClone.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ClusterOutageTests
{
    [Fact]
    public async Task With_no_silo_left_every_request_is_a_503_with_retry_after_and_the_gateway_logs_the_outage_once()
    {
        await using var rig = await ClusterRig.CreateAsync();
        await rig.StartAsync(silos: 1, gateways: 1);
        var api = rig.Client(0, TimeSpan.FromSeconds(15));
        var (user, token) = await api.NewSessionAsync();
        var room = await api.CreateChatroomAsync(token);

        rig.Silos[0].Kill();
        var responses = new List<HttpResponseMessage>();
        for (var round = 0; round < 5; round++)
        {
            responses.Add(await api.GetAsync("/user/me", token));
            responses.Add(await api.GetAsync($"/chatroom/{room}", token));
            responses.Add(await api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber }));
            responses.Add(await api.SendMessageAsync(token, room, "anyone there?"));
        }

        foreach (var response in responses)
        {
            await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"{response.RequestMessage!.RequestUri} had no Retry-After");
        }

        var log = rig.Gateways[0].Output;
        Assert.Equal(1, Occurrences(log, "The cluster cannot be reached"));
        Assert.Equal(0, Occurrences(log, "Unhandled exception"));
    }

    private static int Occurrences(string text, string what) =>
        (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}

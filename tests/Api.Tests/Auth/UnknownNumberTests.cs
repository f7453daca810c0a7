using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace GeminiClone.Api.Tests.Auth;

/// <summary>
/// With codes going by SMS, the auth endpoints must not tell whether a number has an account: an unknown number
/// gets the answers a registered one gets, and no message.
/// </summary>
public sealed class UnknownNumberTests(SmsApiFactory factory) : IClassFixture<SmsApiFactory>
{
    private readonly ApiClient _api = factory.CreateApiClient();

    [Theory]
    [InlineData("/auth/send-otp")]
    [InlineData("/auth/forgot-password")]
    public async Task Asking_for_a_code_answers_an_unknown_number_exactly_as_a_registered_one_and_sends_nothing(string path)
    {
        var registered = await _api.SignUpAsync();
        var unknown = ApiClient.NextMobileNumber();

        var (knownFirst, knownAgain) = await AskTwiceAsync(path, registered.MobileNumber);
        var (unknownFirst, unknownAgain) = await AskTwiceAsync(path, unknown);

        Assert.Equal(Shape(knownFirst), Shape(unknownFirst));
        Assert.Equal(Shape(knownAgain), Shape(unknownAgain));
        Assert.Equal("OTP sent successfully", unknownFirst.Body["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.TooManyRequests, unknownAgain.Status);
        Assert.True(factory.Sender.Sent.ContainsKey("+91" + registered.MobileNumber));
        Assert.False(factory.Sender.Sent.ContainsKey("+91" + unknown));
    }

    [Fact]
    public async Task Checking_a_code_for_an_unknown_number_answers_as_a_wrong_code_does()
    {
        var registered = await _api.SignUpAsync();
        var unknown = ApiClient.NextMobileNumber();
        await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = registered.MobileNumber });
        await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = unknown });
        var code = factory.Sender.Sent["+91" + registered.MobileNumber].Code;
        var wrong = ((int.Parse(code) + 1) % 1_000_000).ToString("D6");

        var known = await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = registered.MobileNumber, otp = wrong });
        var stranger = await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = unknown, otp = wrong });
        var reset = await _api.PostJsonAsync("/auth/reset-password", new { mobileNumber = unknown, otp = wrong, newPassword = "a new password" });

        var knownProblem = await known.ReadProblemAsync(HttpStatusCode.BadRequest);
        var strangerProblem = await stranger.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(knownProblem["detail"]!.GetValue<string>(), strangerProblem["detail"]!.GetValue<string>());
        await reset.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<((HttpStatusCode Status, JsonNode Body), (HttpStatusCode Status, JsonNode Body))> AskTwiceAsync(string path, string number)
    {
        var first = await _api.PostJsonAsync(path, new { mobileNumber = number });
        var again = await _api.PostJsonAsync(path, new { mobileNumber = number });
        return ((first.StatusCode, (await first.Content.ReadFromJsonAsync<JsonNode>())!),
            (again.StatusCode, (await again.Content.ReadFromJsonAsync<JsonNode>())!));
    }

    /// <summary>What an answer shows apart from times: its status and the names and kinds of every member.</summary>
    private static string Shape((HttpStatusCode Status, JsonNode Body) answer) =>
        $"{(int)answer.Status} {ShapeOf(answer.Body)}";

    private static string ShapeOf(JsonNode? node) => node switch
    {
        JsonObject obj => "{" + string.Join(",", obj.Select(p => p.Key == "traceId" ? "traceId" : $"{p.Key}:{ShapeOf(p.Value)}")) + "}",
        JsonArray array => "[" + string.Join(",", array.Select(ShapeOf)) + "]",
        null => "null",
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String && !DateTimeOffset.TryParse(value.GetValue<string>(), out _)
            => value.GetValue<string>(),
        _ => node.GetValueKind().ToString(),
    };
}

using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>A Gemini deadline short enough to reach in a test; no other test shares it, so no other answer races it.</summary>
public sealed class GeminiTimeoutFixture : ChatFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings, new("Gemini:Timeout", "00:00:03"), new("Gemini:AttemptTimeout", "00:00:03")];
}

/// <summary>Gemini that never finishes its answer: the turn ends at the deadline, stores nothing and uses no quota.</summary>
public sealed class GeminiTimeoutTests(GeminiTimeoutFixture fixture) : IClassFixture<GeminiTimeoutFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task An_answer_that_outlives_the_deadline_is_a_504_and_stores_nothing()
    {
        var (token, id) = await ChatroomWithOneTurnAsync();
        // Held and never released: only the deadline ends it.
        var message = $"never answered [[hold:{Guid.NewGuid():N}]]";

        var response = await _api.SendMessageAsync(token, id, message);

        await response.ReadProblemAsync(HttpStatusCode.GatewayTimeout);
        Assert.Equal("4", response.Headers.GetValues("RateLimit-Remaining").Single());
        await AssertNothingStoredAndOneMessageUsedAsync(token, id, message);
    }

    [Fact]
    public async Task A_stream_that_outlives_the_deadline_ends_with_a_504_error_event_and_stores_nothing()
    {
        var (token, id) = await ChatroomWithOneTurnAsync();
        var held = HeldAnswer.Of("never finished");

        using var stream = new SseReader(await _api.SendAsync(token, id, held.Message, stream: true));
        var events = await stream.RestAsync();

        Assert.Equal("delta", events[0].Event);
        Assert.Equal("error", events[^1].Event);
        Assert.Equal(504, events[^1].Data["status"]!.GetValue<int>());
        await AssertNothingStoredAndOneMessageUsedAsync(token, id, held.Message);
    }

    private async Task<(string Token, string Id)> ChatroomWithOneTurnAsync()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        await _api.ChatAsync(token, id, "before");
        return (token, id);
    }

    private async Task AssertNothingStoredAndOneMessageUsedAsync(string token, string id, string message)
    {
        Assert.Equal([("User", "before"), ("AI", "Reply #1: before")], (await _api.GetChatroomAsync(token, id)).Messages());
        var status = await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, status["data"]!["usage"]!["used"]!.GetValue<int>());
        // Every attempt the deadline cut was abandoned, not left running at Gemini.
        await Eventually.HoldsAsync(() => fixture.Gemini.Requests.Containing(message) is { Count: > 0 } asked && asked.All(r => r.Aborted));
    }
}

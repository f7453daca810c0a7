using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using GeminiClone.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>The Idempotency-Key header on sends: one turn, one Gemini call and one quota slot per key.</summary>
[Collection(ChatCollection.Name)]
public sealed class IdempotencyTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task The_same_key_and_message_answer_the_stored_turn_again_without_asking_gemini_or_charging()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var message = $"once {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync(token, id, message, $"\"{key}\"");
        var firstBody = await first.ReadJsonAsync(HttpStatusCode.OK);
        var again = await SendAsync(token, id, message, $"\"{key}\"");
        var againBody = await again.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(firstBody["data"]!.GetValue<string>(), againBody["data"]!.GetValue<string>());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(fixture.Gemini.Requests.Containing(message));
        Assert.Equal("4", again.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal(2, (await _api.GetChatroomAsync(token, id)).Messages().Count);
    }

    [Fact]
    public async Task A_new_turn_tells_geminis_time_in_Server_Timing_and_its_replay_tells_none()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var message = $"timed {Guid.NewGuid():N} [[latency:300]]";
        var key = Guid.NewGuid().ToString();

        var started = Stopwatch.GetTimestamp();
        var first = await SendAsync(token, id, message, key);
        await first.ReadJsonAsync(HttpStatusCode.OK);
        var seen = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var again = await SendAsync(token, id, message, key);
        await again.ReadJsonAsync(HttpStatusCode.OK);

        var timing = first.Headers.GetValues("Server-Timing").Single();
        Assert.StartsWith("gemini;desc=\"Gemini\";dur=", timing);
        var gemini = double.Parse(timing[(timing.LastIndexOf('=') + 1)..], CultureInfo.InvariantCulture);
        // The emulator waited at least 300 ms before it answered; the client saw all of that and our part on top.
        Assert.InRange(gemini, 300, seen);
        Assert.False(again.Headers.Contains("Server-Timing"));
    }

    [Fact]
    public async Task Concurrent_sends_with_one_key_make_one_turn()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var message = $"racing {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SendAsync(token, id, message, key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(3, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
        Assert.Single(fixture.Gemini.Requests.Containing(message));
        Assert.Equal(2, (await _api.GetChatroomAsync(token, id)).Messages().Count);
    }

    [Fact]
    public async Task A_key_names_its_turn_after_the_chatroom_is_reloaded_from_storage()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var message = $"kept {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        await (await SendAsync(token, id, message, key)).ReadJsonAsync(HttpStatusCode.OK);

        await fixture.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var again = await SendAsync(token, id, message, key);

        await again.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(fixture.Gemini.Requests.Containing(message));
    }

    [Fact]
    public async Task The_same_key_with_another_message_is_a_422_and_changes_nothing()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var key = Guid.NewGuid().ToString();
        await (await SendAsync(token, id, "the first message", key)).ReadJsonAsync(HttpStatusCode.OK);

        var problem = await (await SendAsync(token, id, "a different message", key)).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("Idempotency-Key", problem["detail"]!.GetValue<string>());
        Assert.Empty(fixture.Gemini.Requests.Containing("a different message"));
        Assert.Equal(2, (await _api.GetChatroomAsync(token, id)).Messages().Count);
    }

    [Fact]
    public async Task Keys_are_scoped_to_their_chatroom()
    {
        var (_, token) = await _api.NewSessionAsync();
        var first = await _api.CreateChatroomAsync(token);
        var second = await _api.CreateChatroomAsync(token);
        var key = Guid.NewGuid().ToString();

        await (await SendAsync(token, first, "same words", key)).ReadJsonAsync(HttpStatusCode.OK);
        var other = await SendAsync(token, second, "same words", key);

        await other.ReadJsonAsync(HttpStatusCode.OK);
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, (await _api.GetChatroomAsync(token, second)).Messages().Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"\"")]
    [InlineData("has space")]
    [InlineData("\"unterminated")]
    public async Task A_malformed_key_is_a_400_before_anything_runs(string key)
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var message = $"malformed {Guid.NewGuid():N}";

        var problem = await (await SendAsync(token, id, message, key)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("Idempotency-Key", problem["detail"]!.GetValue<string>());
        Assert.Empty(fixture.Gemini.Requests.Containing(message));
    }

    [Fact]
    public async Task A_clients_key_never_names_a_turn_by_the_gateways_own_key_for_it()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var message = $"keyless {Guid.NewGuid():N}";
        var first = await (await _api.SendAsync(token, id, message)).ReadJsonAsync(HttpStatusCode.OK);
        var turnId = first["turn"]!["id"]!.GetValue<string>();

        // The gateway keyed that send with its turn's id; a client sending the same words under that key asks anew.
        var again = await SendAsync(token, id, message, $"gateway:{turnId}");
        var againBody = await again.ReadJsonAsync(HttpStatusCode.OK);

        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(turnId, againBody["turn"]!["id"]!.GetValue<string>());
        Assert.Equal(2, fixture.Gemini.Requests.Containing(message).Count);
        Assert.Equal(4, (await _api.GetChatroomAsync(token, id)).Messages().Count);
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_is_a_400()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        await (await SendAsync(token, id, "too long a key", new string('k', 256))).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<HttpResponseMessage> SendAsync(string token, string chatroomId, string message, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/chatroom/{chatroomId}/message")
        {
            Content = JsonContent.Create(new { message }),
        };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await _api.Http.SendAsync(request);
    }
}

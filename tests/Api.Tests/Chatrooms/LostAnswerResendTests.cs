using System.Collections.Concurrent;
using System.Net;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>
/// A send whose answer the gateway never heard (the silo carrying it died on the way back) is sent again under the
/// gateway's own idempotency key, and the chatroom answers it from the stored turn (or, for a stream, from the turn
/// still running): Gemini is asked once and the question stored once. The first sending of a key the gateway just
/// made skips the chatroom's receipt lookup (no stored turn can carry it); these tests hold every later sending to
/// the lookup. A grain call filter in the co-hosted silo lets the gateway's first turn call to a marked chatroom run
/// (a plain turn to its end: stored), then loses its answer. A streamed send is lost with its first events; its
/// re-send, a quarter of a second later, nearly always finds the emulator's quick answer stored.
/// </summary>
public sealed class LostAnswerResendTests(LostAnswerResendTests.LosingFixture fixture) : IClassFixture<LostAnswerResendTests.LosingFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_send_whose_stored_answer_was_lost_is_answered_from_the_stored_turn_not_asked_again(bool stream)
    {
        var (_, token) = await _api.NewSessionAsync();
        var chatroomId = await _api.CreateChatroomAsync(token);
        var marker = $"lost answer {Guid.NewGuid():N}";
        fixture.Losing.LoseFirstAnswerOf(chatroomId);

        using var response = await _api.SendAsync(token, chatroomId, marker, stream);

        if (stream)
        {
            var events = await response.ReadEventsAsync();
            Assert.Contains(events, e => e.Event == "done");
        }
        else
        {
            await response.ReadJsonAsync(HttpStatusCode.OK);
        }

        Assert.Equal(1, fixture.Losing.Lost(chatroomId));
        Assert.Single(fixture.Gemini.Requests.Containing(marker));
        Assert.Equal([("User", marker), ("AI", $"Reply #1: {marker}")], (await _api.GetChatroomAsync(token, chatroomId)).Messages());
    }

    public sealed class LosingFixture : ChatFixture
    {
        public AnswerLoser Losing { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) =>
            services.AddSingleton<IIncomingGrainCallFilter>(Losing);
    }

    /// <summary>
    /// For a marked chatroom, the gateway's first turn call (plain or streamed) runs, and its caller is then told the
    /// silo went away. The chatroom's call to itself that runs a streamed turn is left alone.
    /// </summary>
    public sealed class AnswerLoser : IIncomingGrainCallFilter
    {
        private readonly ConcurrentDictionary<string, int> _lost = new();

        public void LoseFirstAnswerOf(string chatroomId) => _lost[chatroomId] = 0;

        public int Lost(string chatroomId) => _lost[chatroomId];

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            await context.Invoke();
            var method = context.InterfaceMethod?.Name;
            if (method is nameof(IChatroomGrain.RunTurnAsync) or nameof(IChatroomGrain.SendTurnAsync)
                && context.SourceId != context.TargetId
                && context.TargetId.Key.ToString() is { } chatroomId
                && _lost.TryUpdate(chatroomId, 1, 0))
            {
                throw new SiloUnavailableException("The answer was lost on its way back (a test's fault).");
            }
        }
    }
}

using System.Diagnostics;
using System.Runtime.ExceptionServices;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>
/// A stream's reads from Orleans' enumerator must never hand a stopped request activity back to .NET, which refuses it
/// with an exception it throws and catches itself: harmless to the client, a measurable share of a streamed turn's CPU.
/// </summary>
[Collection(ChatCollection.Name)]
public sealed class StreamActivityTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Streams_read_to_the_end_or_left_by_their_client_refuse_no_stopped_activity()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        using var refusals = new RefusedActivities();

        for (var i = 0; i < 3; i++)
        {
            using var response = await StreamAsync(token, id, $"stream {i}", refusals.TraceParent);
            Assert.Equal("done", (await response.ReadEventsAsync())[^1].Event);
        }

        var hold = $"left-{Guid.NewGuid():N}";
        using (var left = new SseReader(await StreamAsync(token, id, $"leave this one [[hold:{hold}]]", refusals.TraceParent)))
        {
            Assert.NotNull(await left.NextAsync());
        }

        // The client has gone while the gateway waited for the next event: that ask ends after the client's request
        // (whether before or after its activity stops is a race the chatroom's prompt cancellation usually wins).
        await Task.Delay(TimeSpan.FromSeconds(1));
        fixture.Gemini.Holds.Release(hold);
        await Eventually.HoldsAsync(async () => (await _api.GetChatroomAsync(token, id)).Messages().Count == 8);
        // The gateway releases each read's enumerator after its response, without waiting: give those a moment.
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(0, refusals.Count);
    }

    private Task<HttpResponseMessage> StreamAsync(string token, string chatroomId, string message, string traceParent) =>
        _api.TurnAsync(HttpMethod.Post, $"/chatroom/{chatroomId}/message", token, new { message }, stream: true, traceParent: traceParent);

    /// <summary>
    /// Counts .NET's refusals of a stopped activity within one trace: the test's requests carry its trace id, and a
    /// listener has Orleans start its enumeration spans in that trace only, so the refusal, made while such a span is
    /// current, can be told from those of tests running beside this one in the same process.
    /// </summary>
    private sealed class RefusedActivities : IDisposable
    {
        private readonly ActivityTraceId _trace = ActivityTraceId.CreateRandom();
        private readonly ActivityListener _listener;
        private int _count;

        public RefusedActivities()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
                Sample = (ref options) => options.TraceId == _trace ? ActivitySamplingResult.AllData : ActivitySamplingResult.None,
            };
            ActivitySource.AddActivityListener(_listener);
            AppDomain.CurrentDomain.FirstChanceException += OnFirstChance;
        }

        public string TraceParent => $"00-{_trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";

        public int Count => Volatile.Read(ref _count);

        public void Dispose()
        {
            AppDomain.CurrentDomain.FirstChanceException -= OnFirstChance;
            _listener.Dispose();
        }

        private void OnFirstChance(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (e.Exception is InvalidOperationException { Message: var message }
                && message.Contains("Activity that is not running", StringComparison.Ordinal)
                && Activity.Current?.TraceId == _trace)
            {
                Interlocked.Increment(ref _count);
            }
        }
    }
}

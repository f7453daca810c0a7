using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using GeminiClone.Cluster.Tests.Infrastructure;

namespace GeminiClone.Cluster.Tests.Cluster.Outages;

/// <summary>
/// A few users chatting, each in a chatroom of their own, sending a message and reading the chatroom in turn; every
/// response is recorded so a test can check it against what was stored.
/// </summary>
internal sealed class ChatTraffic
{
    private const int Users = 4;

    private readonly ApiClient _api;
    private readonly List<(string Token, string Room)> _rooms;
    private readonly ConcurrentBag<Answer> _answers = [];
    private readonly CancellationTokenSource _stop = new();
    private List<Task> _loops = [];
    private volatile bool _outage;

    private ChatTraffic(ApiClient api, List<(string Token, string Room)> rooms) => (_api, _rooms) = (api, rooms);

    /// <param name="Text">The message sent; null for a read.</param>
    private sealed record Answer(string Room, string? Text, HttpStatusCode Status, bool DuringOutage, string? ContentType, bool HasRetryAfter, JsonNode? Body);

    public static async Task<ChatTraffic> StartAsync(ClusterRig rig)
    {
        // Long enough that a hung request shows as a failure here, not as a slow test.
        var api = rig.Client(0, TimeSpan.FromSeconds(30));
        var rooms = new List<(string Token, string Room)>();
        for (var u = 0; u < Users; u++)
        {
            var (_, token) = await api.NewSessionAsync();
            rooms.Add((token, await api.CreateChatroomAsync(token, $"user {u}")));
        }

        var traffic = new ChatTraffic(api, rooms);
        traffic._loops = [.. rooms.Select(r => Task.Run(() => traffic.ChatAsync(r.Token, r.Room)))];
        return traffic;
    }

    public void OutageStarted() => _outage = true;

    public void OutageEnded() => _outage = false;

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public int RefusedTurns => _answers.Count(a => a.Text is not null && a.Status != HttpStatusCode.OK);

    public int ReadsDuringOutage => _answers.Count(a => a.Text is null && a.DuringOutage);

    public int FailedReadsDuringOutage => _answers.Count(a => a.Text is null && a.DuringOutage && a.Status != HttpStatusCode.OK);

    public string Summary => string.Join(", ", _answers.GroupBy(a => (a.Text is null ? "read" : "turn", (int)a.Status))
        .OrderBy(g => g.Key).Select(g => $"{g.Key.Item1} {g.Key.Item2}: {g.Count()}"));

    public void AssertEveryFailureIsA503ProblemWithRetryAfter(string diagnostics)
    {
        foreach (var failed in _answers.Where(a => a.Status != HttpStatusCode.OK))
        {
            Assert.True(failed is { Status: HttpStatusCode.ServiceUnavailable, HasRetryAfter: true, ContentType: "application/problem+json" },
                $"{failed.Status} ({failed.ContentType}, Retry-After: {failed.HasRetryAfter}) for {failed.Text ?? "a read"}: {failed.Body}\n{Summary}\n{diagnostics}");
        }
    }

    /// <summary>
    /// Every answered turn is stored once, every turn refused as "nothing was stored" is not stored at all, and no
    /// message is stored twice; a turn reported as of unknown fate may be either.
    /// </summary>
    public async Task AssertStoredHistoriesAgreeAsync()
    {
        foreach (var (token, room) in _rooms)
        {
            var stored = (await _api.GetChatroomAsync(token, room, "?limit=500")).Messages()
                .Where(m => m.Role == "User").Select(m => m.Text).ToList();
            Assert.Equal(stored.Count, stored.Distinct().Count());
            foreach (var turn in _answers.Where(a => a.Room == room && a.Text is not null))
            {
                var detail = turn.Body?["detail"]?.GetValue<string>() ?? "";
                if (turn.Status == HttpStatusCode.OK)
                {
                    Assert.Contains(turn.Text, stored);
                }
                else if (detail.Contains("nothing was stored", StringComparison.Ordinal) || detail.Contains("nothing was changed", StringComparison.Ordinal))
                {
                    Assert.True(!stored.Contains(turn.Text!), $"'{turn.Text}' was answered {turn.Status} \"{detail}\" but is stored.");
                }
                else
                {
                    // Unknown fate: it must say so and name the turn.
                    Assert.NotNull(turn.Body?["turnId"]);
                }
            }
        }
    }

    public async Task AssertEveryChatroomAnswersAgainAsync()
    {
        foreach (var (token, room) in _rooms)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            HttpStatusCode status;
            do
            {
                status = (await _api.SendMessageAsync(token, room, $"after the outage {Guid.NewGuid():N}")).StatusCode;
            }
            while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline && await Delay());

            Assert.Equal(HttpStatusCode.OK, status);
        }

        static async Task<bool> Delay()
        {
            await Task.Delay(500);
            return true;
        }
    }

    private async Task ChatAsync(string token, string room)
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var text = $"{room} #{n}";
            await RecordAsync(room, text, () => _api.SendMessageAsync(token, room, text));
            await RecordAsync(room, null, () => _api.GetAsync($"/chatroom/{room}?limit=10", token));
            await Task.Delay(100);
        }
    }

    private async Task RecordAsync(string room, string? text, Func<Task<HttpResponseMessage>> request)
    {
        var duringOutage = _outage;
        try
        {
            using var response = await request();
            var body = response.StatusCode == HttpStatusCode.OK && text is null ? null : JsonNode.Parse(await response.Content.ReadAsStringAsync());
            _answers.Add(new Answer(room, text, response.StatusCode, duringOutage || _outage, response.Content.Headers.ContentType?.MediaType,
                response.Headers.RetryAfter is not null, body));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            // A hung or broken request: recorded as a failure that no assertion accepts.
            _answers.Add(new Answer(room, text, (HttpStatusCode)599, duringOutage, e.GetType().Name, false, JsonValue.Create(e.Message)));
        }
    }
}

using System.Diagnostics;
using GeminiClone.GeminiEmulator;

namespace GeminiClone.Benchmarks.Load;

/// <summary>The scenarios that send turns: chat and stream against a model of fixed latency, history growth, many active chatrooms.</summary>
public sealed partial class Scenarios
{
    /// <summary>
    /// One chatroom per virtual user, each sending turn after turn against a model of fixed latency; reports the
    /// overhead above that latency. Streamed, it also reports time to the first and to the last event.
    /// </summary>
    private async Task<LoadResult> ChatAsync(LoadRunner runner, bool stream)
    {
        if (options.TurnsPerChatroom > 0)
        {
            return await ChatMixAsync(runner, stream);
        }

        var rooms = await TurningChatroomsAsync();
        return await runner.RunAsync(stream ? "stream" : "chat", (vu, ct) =>
        {
            var (token, room) = rooms[vu % rooms.Length];
            return SendTurnAsync(token, room, stream, ct);
        }, Math.Min(options.VirtualUsers, options.Chatrooms));
    }

    /// <summary>
    /// The chat mix (<c>--turns-per-chatroom N</c>): each virtual user, a user of its own, sends N turns to an untitled
    /// chatroom, then makes a new one: one turn in N is a chatroom's first, after which the service asks for a title.
    /// The latency reported is the message calls' alone (a create is not a turn); the service's CPU covers everything.
    /// </summary>
    private async Task<LoadResult> ChatMixAsync(LoadRunner runner, bool stream)
    {
        var users = (await TokensAsync(options.VirtualUsers)).ToArray();
        var rooms = new string?[users.Length];
        var turns = new int[users.Length];
        var made = new int[users.Length];
        return await runner.RunAsync(stream ? "stream" : "chat", async (vu, ct) =>
        {
            if (rooms[vu] is null || turns[vu] == options.TurnsPerChatroom)
            {
                if (made[vu]++ == ChatroomsPerUser)
                {
                    (users[vu], made[vu]) = (await api.NewUserTokenAsync(), 1);
                }

                (rooms[vu], turns[vu]) = (await api.NewUntitledChatroomAsync(users[vu]), 0);
            }

            turns[vu]++;
            var started = Stopwatch.GetTimestamp();
            var (status, extra) = await SendTurnAsync(users[vu], rooms[vu]!, stream, ct);
            return (status, [.. extra, (TurnCall, Stopwatch.GetElapsedTime(started).TotalMilliseconds)]);
        }, options.VirtualUsers, result => MessageCallOnly(result, TurnCall));
    }

    /// <summary>The series holding a turn's message call alone, when the operation also makes chatrooms.</summary>
    private const string TurnCall = "turn";

    /// <summary>One turn: the message call, plain or streamed, and its timings against the model's latency.</summary>
    private async Task<(int Status, IReadOnlyList<(string Series, double Milliseconds)> Extra)> SendTurnAsync(
        string token, string room, bool stream, CancellationToken ct)
    {
        var latency = options.ModelLatencyMs;
        var started = Stopwatch.GetTimestamp();
        using var response = await api.Http.SendAsync(
            api.Request(HttpMethod.Post, $"/chatroom/{room}/message", token, new { message = TurnMessage(stream) }, stream),
            HttpCompletionOption.ResponseHeadersRead, ct);
        if (!stream)
        {
            await response.Content.LoadIntoBufferAsync(ct);
            var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            List<(string, double)> overheads = [.. OverheadSeries(response, took, latency)];
            if (options.StandInTime && StandInTime.Milliseconds(await response.Content.ReadAsStringAsync(ct)) is { } standIn)
            {
                overheads.Add((OverheadAboveStandInSeries, took - standIn));
            }

            return (LoadRunner.StatusOf(response), overheads);
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        double? first = null;
        double? firstStandIn = null;
        var sawDone = false;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (first is null && line.StartsWith("data:", StringComparison.Ordinal))
            {
                first = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                firstStandIn = StandInTime.Milliseconds(line);
            }

            sawDone |= line == "event: done";
        }

        var last = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var status = sawDone ? LoadRunner.StatusOf(response) : 599;
        List<(string, double)> series = [("first event", first ?? last), ("last event", last), ("first event above model", (first ?? last) - latency)];
        if (first is { } firstEvent)
        {
            if (firstStandIn is { } standInTime)
            {
                series.Add((FirstEventAboveStandInSeries, firstEvent - standInTime));
            }

            // Ours says how long it waited for the model's first event (Server-Timing: gemini-first;dur=…).
            if (ServerTiming.ModelMilliseconds(response, ServerTiming.FirstEventMetric) is { } modelFirst)
            {
                series.Add((ServerTiming.FirstEventSeries, firstEvent - modelFirst));
            }
        }

        return (status, series);
    }

    /// <summary>
    /// A streamed turn's first event less the Gemini stand-in's own time for it, from the request's arrival to the
    /// event's writing (<see cref="StandInTime"/>, asked for in every streamed message): the stand-in's lateness not
    /// counted as the service's, stricter than <see cref="ServerTiming.FirstEventSeries"/> and independent of the
    /// service's own word. Only a service that passes the model's first text on as it comes has it; a stream whose first event
    /// lacks the stamp (a service that hides a thought summary the stand-in sent first) has no sample: compare counts.
    /// </summary>
    public const string FirstEventAboveStandInSeries = "first event above the stand-in's time";

    /// <summary>
    /// With <see cref="LoadOptions.StandInTime"/>, a plain turn's latency less the stand-in's own time for it: the
    /// streams' yardstick, so the two compare; stricter than <see cref="ServerTiming.OverheadSeries"/> (see
    /// <see cref="StandInTime"/>).
    /// </summary>
    public const string OverheadAboveStandInSeries = "overhead above the stand-in's time";

    private string TurnMessage(bool stream) => "How are you today?"
        + (stream || options.StandInTime ? $" [[{StandInTime.Directive}]]" : "")
        + (stream && options.StreamChunks is { } chunks ? $" [[chunks:{chunks}]]" : "");

    /// <summary>
    /// A plain turn's overhead above the model: above its nominal latency (comparable with any service under test),
    /// and, when the service says how long it waited for the model (<c>Server-Timing: gemini;dur=…</c>, ours does),
    /// above that, per request: the stand-in's own lateness (its timer fires a few ms after the nominal latency, more
    /// on a busy machine) is then not counted as the service's.
    /// </summary>
    private static IReadOnlyList<(string Series, double Milliseconds)> OverheadSeries(HttpResponseMessage response, double took, double latency) =>
        ServerTiming.ModelMilliseconds(response) is { } model
            ? [("overhead above model", took - latency), (ServerTiming.OverheadSeries, took - model)]
            : [("overhead above model", took - latency)];

    /// <summary>
    /// One chatroom grown to many messages; the latency of a send (model latency zero) at 10, 1,000 and 10,000
    /// messages shows whether a turn's cost grows with the history.
    /// </summary>
    private async Task<LoadResult> HistoryAsync()
    {
        var token = (await TokensAsync(1))[0];
        var room = await api.NewChatroomAsync(token);
        var series = new Dictionary<string, Percentiles>();
        var errors = new Dictionary<string, long>();
        var messages = 0;
        var total = Stopwatch.StartNew();
        long requests = 0;
        foreach (var checkpoint in new[] { 10, 1_000, 10_000 }.Where(c => c <= options.HistoryMessages))
        {
            while (messages < checkpoint)
            {
                await SendAsync($"{NoModelLatency} grow {messages}");
            }

            var samples = new List<double>();
            for (var i = 0; i < 50; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await SendAsync($"{NoModelLatency} measure {messages}");
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            series[$"send at {checkpoint:N0} messages"] = Percentiles.Of(samples);
            log.WriteLine($"history: {messages:N0} messages, send p50 {series.Last().Value.P50:F2} ms");
        }

        if (options.HistoryMessages >= 10_000)
        {
            requests += await MeasureBranchedAsync(token, series, errors);
        }

        return new LoadResult("history", options.BaseUrl.ToString(), 1, total.Elapsed.TotalSeconds, requests,
            requests / total.Elapsed.TotalSeconds, series.Values.Last(), errors, series);

        async Task SendAsync(string message)
        {
            using var response = await api.Http.SendAsync(api.Request(HttpMethod.Post, $"/chatroom/{room}/message", token, new { message }));
            requests++;
            messages += 2;
            if (!response.IsSuccessStatusCode)
            {
                var key = ((int)response.StatusCode).ToString();
                errors[key] = errors.GetValueOrDefault(key) + 1;
                messages -= 2;
            }
        }
    }

    /// <summary>Activates many chatrooms (create + one turn each), to read the server's memory with them active.</summary>
    private async Task<LoadResult> RoomsAsync()
    {
        var users = await TokensAsync(Math.Max(1, options.Chatrooms / 100));
        var clock = Stopwatch.StartNew();
        long failures = 0;
        await ParallelAsync(Enumerable.Range(0, options.Chatrooms), options.VirtualUsers, async i =>
        {
            var token = users[i % users.Count];
            var room = await api.NewChatroomAsync(token);
            using var response = await api.Http.SendAsync(api.Request(HttpMethod.Post, $"/chatroom/{room}/message", token, new { message = $"{NoModelLatency} hello" }));
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
            }
        });

        var errors = failures > 0 ? new Dictionary<string, long> { ["send"] = failures } : [];
        return new LoadResult("rooms", options.BaseUrl.ToString(), options.VirtualUsers, clock.Elapsed.TotalSeconds, options.Chatrooms * 2L,
            options.Chatrooms * 2 / clock.Elapsed.TotalSeconds, new Percentiles(0, 0, 0, 0, 0), errors, new Dictionary<string, Percentiles>());
    }

    /// <summary>
    /// The same 10,000 messages as 200 branches of 50 (each an edit of the first question, then 24 sends), then the
    /// latency of a send on the current branch: a turn reads only its branch, so it should cost what a send costs in a
    /// short linear chatroom, whatever the branches around it (issue 25). Returns the requests it made.
    /// </summary>
    private async Task<long> MeasureBranchedAsync(string token, Dictionary<string, Percentiles> series, Dictionary<string, long> errors)
    {
        var room = await api.NewChatroomAsync(token);
        long requests = 0;
        for (var branch = 0; branch < 200; branch++)
        {
            // An edit of the chatroom's first question (id 0) starts a new branch at the root.
            await SendAsync($"{NoModelLatency} branch {branch}", edit: branch > 0);
            for (var turn = 1; turn < 25; turn++)
            {
                await SendAsync($"{NoModelLatency} branch {branch} turn {turn}");
            }
        }

        var samples = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await SendAsync($"{NoModelLatency} measure branched {i}");
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        series["send at 10,000 messages over 200 branches"] = Percentiles.Of(samples);
        log.WriteLine($"history: 10,000 messages over 200 branches, send p50 {series.Last().Value.P50:F2} ms");
        return requests;

        async Task SendAsync(string message, bool edit = false)
        {
            using var response = await api.Http.SendAsync(edit
                ? api.Request(HttpMethod.Patch, $"/chatroom/{room}/messages/0", token, new { message })
                : api.Request(HttpMethod.Post, $"/chatroom/{room}/message", token, new { message }));
            requests++;
            if (!response.IsSuccessStatusCode)
            {
                var key = ((int)response.StatusCode).ToString();
                errors[key] = errors.GetValueOrDefault(key) + 1;
            }
        }
    }
}

using System.Diagnostics;

namespace GeminiClone.Benchmarks.Load;

/// <summary>The scenarios of tests/Benchmarks/README.md: each sets up its users and chatrooms through the API, then loads it.</summary>
public sealed class Scenarios(LoadOptions options, ContractClient api, TextWriter log)
{
    /// <summary>The emulator answers at once for this message, so only our own cost is measured.</summary>
    private const string NoModelLatency = "[[latency:0]]";

    public async Task<LoadResult> RunAsync()
    {
        var runner = new LoadRunner(options, log);
        return options.Scenario switch
        {
            "me" => await MeAsync(runner),
            "list" => await ListAsync(runner),
            "chat" => await ChatAsync(runner, stream: false),
            "stream" => await ChatAsync(runner, stream: true),
            "history" => await HistoryAsync(),
            "rooms" => await RoomsAsync(),
            "search" => await SearchAsync(runner),
            "attachments" => await AttachmentsAsync(runner),
            "token" => await TokenAsync(),
            _ => throw new ArgumentException($"Unknown scenario '{options.Scenario}'.\n{LoadOptions.Usage}"),
        };
    }

    /// <summary>Authenticated <c>GET /user/me</c>: JWT validation plus grain calls.</summary>
    private async Task<LoadResult> MeAsync(LoadRunner runner)
    {
        var tokens = await TokensAsync(Math.Min(options.VirtualUsers, 32));
        return await GetRepeatedlyAsync(runner, "me", "/user/me", tokens);
    }

    /// <summary><c>GET /chatroom</c> for users with 50 chatrooms each.</summary>
    private async Task<LoadResult> ListAsync(LoadRunner runner)
    {
        var tokens = await TokensAsync(Math.Min(options.VirtualUsers, 8));
        await ParallelAsync(tokens.SelectMany(t => Enumerable.Repeat(t, 50)), 32, t => api.NewChatroomAsync(t));
        return await GetRepeatedlyAsync(runner, "list", "/chatroom", tokens);
    }

    /// <summary>Every virtual user GETs <paramref name="path"/> as one of <paramref name="tokens"/>' users, request after request.</summary>
    private Task<LoadResult> GetRepeatedlyAsync(LoadRunner runner, string scenario, string path, List<string> tokens) =>
        runner.RunAsync(scenario, async (vu, ct) =>
        {
            using var response = await api.Http.SendAsync(api.Request(HttpMethod.Get, path, tokens[vu % tokens.Count]), ct);
            await response.Content.LoadIntoBufferAsync(ct);
            return (LoadRunner.StatusOf(response), LoadRunner.NoTimings);
        }, options.VirtualUsers);

    /// <summary>
    /// One chatroom per virtual user, each sending turn after turn against a model of fixed latency; reports the
    /// overhead above that latency. Streamed, it also reports time to the first and to the last event.
    /// </summary>
    private async Task<LoadResult> ChatAsync(LoadRunner runner, bool stream)
    {
        // Ten chatrooms per user, as a busy user might have: every turn also passes through its user's grain
        // (quota), and fifty rooms per user made that grain the queue being measured.
        var users = await TokensAsync(Math.Max(1, options.Chatrooms / 10));
        var rooms = new (string Token, string Room)[options.Chatrooms];
        await ParallelAsync(Enumerable.Range(0, options.Chatrooms), 64, async i =>
        {
            var token = users[i % users.Count];
            rooms[i] = (token, await api.NewChatroomAsync(token));
        });

        var latency = options.ModelLatencyMs;
        var result = await runner.RunAsync(stream ? "stream" : "chat", async (vu, ct) =>
        {
            var (token, room) = rooms[vu % rooms.Length];
            var started = Stopwatch.GetTimestamp();
            using var response = await api.Http.SendAsync(
                api.Request(HttpMethod.Post, $"/chatroom/{room}/message", token, new { message = "How are you today?" }, stream),
                HttpCompletionOption.ResponseHeadersRead, ct);
            if (!stream)
            {
                await response.Content.LoadIntoBufferAsync(ct);
                return (LoadRunner.StatusOf(response), [("overhead above model", Stopwatch.GetElapsedTime(started).TotalMilliseconds - latency)]);
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            double? first = null;
            var sawDone = false;
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    first ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }

                sawDone |= line == "event: done";
            }

            var last = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var status = sawDone ? LoadRunner.StatusOf(response) : 599;
            return (status, [("first event", first ?? last), ("last event", last), ("first event above model", (first ?? last) - latency)]);
        }, Math.Min(options.VirtualUsers, options.Chatrooms));
        return result;
    }

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
    /// One user with <c>--chatrooms</c> chatrooms of <c>--search-messages</c> messages each, written through real
    /// turns (model latency zero) from <see cref="SearchCorpus"/>; then every virtual user searches in turn with
    /// queries of every selectivity, one user alone and then <c>--vus</c> at once; each query's latency is reported on its own.
    /// </summary>
    private async Task<LoadResult> SearchAsync(LoadRunner runner)
    {
        var token = (await TokensAsync(1))[0];
        var corpus = new SearchCorpus();
        var turns = options.SearchMessages / 2;
        var messages = Enumerable.Range(0, options.Chatrooms * turns).Select(_ => corpus.NextMessage()).ToArray();
        var seeding = Stopwatch.StartNew();
        long failures = 0;
        await ParallelAsync(Enumerable.Range(0, options.Chatrooms), 64, async room =>
        {
            var id = await api.NewChatroomAsync(token, $"Room {room}: {messages[room * turns]}");
            for (var turn = 0; turn < turns; turn++)
            {
                using var response = await api.Http.SendAsync(
                    api.Request(HttpMethod.Post, $"/chatroom/{id}/message", token, new { message = $"{NoModelLatency} {messages[room * turns + turn]}" }));
                if (!response.IsSuccessStatusCode && Interlocked.Increment(ref failures) == 1)
                {
                    log.WriteLine($"search: seeding failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        });
        log.WriteLine($"search: {options.Chatrooms:N0} chatrooms x {turns * 2} messages written in {seeding.Elapsed.TotalSeconds:F0} s ({failures} failed turns)");

        var queries = corpus.Queries;
        // First one user alone (a search's own latency), then --vus of them at once (what the service sustains).
        var alone = await runner.RunAsync("search", SearchOnceAsync, 1);
        var together = await runner.RunAsync("search", SearchOnceAsync, options.VirtualUsers);
        return together with
        {
            Series = alone.Series.Select(s => KeyValuePair.Create($"1 user: {s.Key}", s.Value))
                .Concat(together.Series.Select(s => KeyValuePair.Create($"{options.VirtualUsers} users: {s.Key}", s.Value)))
                .ToDictionary(),
        };

        async Task<(int, IReadOnlyList<(string, double)>)> SearchOnceAsync(int vu, CancellationToken ct)
        {
            var (name, query) = queries[Random.Shared.Next(queries.Count)];
            var started = Stopwatch.GetTimestamp();
            using var response = await api.Http.SendAsync(api.Request(HttpMethod.Get, $"/chatroom/search?q={Uri.EscapeDataString(query)}", token), ct);
            await response.Content.LoadIntoBufferAsync(ct);
            return (LoadRunner.StatusOf(response), [(name, Stopwatch.GetElapsedTime(started).TotalMilliseconds)]);
        }
    }

    /// <summary>
    /// Every virtual user, each with its own account and chatroom, uploads a file of <c>--file-mb</c> MB (text, so
    /// the inspection reads all of it), downloads it back and deletes it, again and again; each upload differs in its
    /// first bytes, so none is deduplicated. Reports each direction's latency, and the gateway's resident memory
    /// (<c>--gateway-pid</c>) sampled every 100 ms: flat means streamed, not buffered.
    /// </summary>
    private async Task<LoadResult> AttachmentsAsync(LoadRunner runner)
    {
        var size = options.FileMegabytes * 1_000_000;
        var vus = options.VirtualUsers;
        var tokens = await TokensAsync(vus);
        var rooms = new string[vus];
        await ParallelAsync(Enumerable.Range(0, vus), 16, async vu => rooms[vu] = await api.NewChatroomAsync(tokens[vu]));
        var line = "The quick brown fox jumps over the lazy dog, a line of a large plain-text attachment.\n"u8.ToArray();
        var files = Enumerable.Range(0, vus).Select(_ => new byte[size]).ToArray();
        foreach (var file in files)
        {
            for (var offset = 0; offset < size; offset += line.Length)
            {
                line.AsSpan(0, Math.Min(line.Length, size - offset)).CopyTo(file.AsSpan(offset));
            }
        }

        var rss = new List<double>();
        using var sampling = new CancellationTokenSource();
        var sampler = SampleResidentMemoryAsync(options.GatewayPid, rss, sampling.Token);
        var counters = new long[vus];
        var result = await runner.RunAsync("attachments", async (vu, ct) =>
        {
            var file = files[vu];
            System.Text.Encoding.ASCII.GetBytes($"{vu,4} {++counters[vu],8}\n").CopyTo(file, 0);
            var started = Stopwatch.GetTimestamp();
            using var upload = api.Request(HttpMethod.Post, $"/chatroom/{rooms[vu]}/attachments", tokens[vu]);
            upload.Content = new MultipartFormDataContent { { new ByteArrayContent(file) { Headers = { ContentType = new("text/plain") } }, "file", "big.txt" } };
            using var uploaded = await api.Http.SendAsync(upload, ct);
            var uploadMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!uploaded.IsSuccessStatusCode)
            {
                return (LoadRunner.StatusOf(uploaded), [("upload", uploadMs)]);
            }

            var path = uploaded.Headers.Location!.OriginalString;
            started = Stopwatch.GetTimestamp();
            using (var downloaded = await api.Http.SendAsync(api.Request(HttpMethod.Get, path, tokens[vu]), HttpCompletionOption.ResponseHeadersRead, ct))
            {
                await (await downloaded.Content.ReadAsStreamAsync(ct)).CopyToAsync(Stream.Null, ct);
            }

            var download = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            using var deleted = await api.Http.SendAsync(api.Request(HttpMethod.Delete, path, tokens[vu]), ct);
            return (LoadRunner.StatusOf(deleted), [("upload", uploadMs), ("download", download)]);
        }, vus);
        await sampling.CancelAsync();
        await sampler;

        var megabytesPerSecond = result.Requests * 2.0 * size / 1_000_000 / result.Seconds;
        log.WriteLine($"attachments: {result.Requests} round trips of {options.FileMegabytes} MB in {result.Seconds:F0} s: {megabytesPerSecond:F0} MB/s up and down together");
        return result with
        {
            Series = result.Series.Append(KeyValuePair.Create("gateway RSS (MB, every 100 ms)", Percentiles.Of(rss))).ToDictionary(),
        };
    }

    /// <summary>VmRSS of a process, in MB, every 100 ms until cancelled (nothing when no pid is given).</summary>
    private static async Task SampleResidentMemoryAsync(int? pid, List<double> samples, CancellationToken cancellationToken)
    {
        if (pid is null)
        {
            return;
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var status = await File.ReadAllLinesAsync($"/proc/{pid}/status", cancellationToken);
                if (status.FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) is { } rss)
                {
                    samples.Add(long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0);
                }

                await Task.Delay(100, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>For wrk: a signed-in user with <c>--chatrooms</c> chatrooms; the token is printed alone on stdout.</summary>
    private async Task<LoadResult> TokenAsync()
    {
        var token = (await TokensAsync(1))[0];
        await ParallelAsync(Enumerable.Range(0, options.Chatrooms), 16, _ => api.NewChatroomAsync(token));
        Console.Out.WriteLine(token);
        return new LoadResult("token", options.BaseUrl.ToString(), 1, 0, 0, 0, new Percentiles(0, 0, 0, 0, 0),
            new Dictionary<string, long>(), new Dictionary<string, Percentiles>());
    }

    private async Task<List<string>> TokensAsync(int count)
    {
        var tokens = new string[count];
        await ParallelAsync(Enumerable.Range(0, count), 16, async i => tokens[i] = await api.NewUserTokenAsync());
        return [.. tokens];
    }

    private static Task ParallelAsync<T>(IEnumerable<T> items, int degree, Func<T, Task> body) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = degree }, async (item, _) => await body(item));
}

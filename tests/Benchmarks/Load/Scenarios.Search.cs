using System.Diagnostics;

namespace GeminiClone.Benchmarks.Load;

/// <summary>The search scenario: a seeded corpus, then queries of every selectivity.</summary>
public sealed partial class Scenarios
{
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
}

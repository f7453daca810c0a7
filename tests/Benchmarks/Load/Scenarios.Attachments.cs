using System.Diagnostics;

namespace GeminiClone.Benchmarks.Load;

/// <summary>The attachments scenario: uploads and downloads of large files while the gateway's memory is sampled.</summary>
public sealed partial class Scenarios
{
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
}

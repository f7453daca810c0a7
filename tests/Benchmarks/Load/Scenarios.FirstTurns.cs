using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace GeminiClone.Benchmarks.Load;

/// <summary>First turns: the only turns after which a chatroom asks the model for its title (issue 24).</summary>
public sealed partial class Scenarios
{
    /// <summary>The series holding the message call alone; it becomes the result's latency.</summary>
    private const string FirstAnswer = "first answer";

    /// <summary>
    /// A virtual user signs up again after this many chatrooms, staying under <c>Chat:MaxChatroomsPerUser</c> (1,000)
    /// however long the run: nothing is deleted, so a chatroom's title is made and stored undisturbed.
    /// </summary>
    private const int ChatroomsPerUser = 900;

    /// <summary>
    /// One user per virtual user, each creating chatroom after chatroom without a title and sending its first message
    /// (plain JSON) against a model of fixed latency. The latency reported is the message call's alone, not the
    /// create's; the service's CPU per turn covers both and whatever the title costs in the window.
    /// </summary>
    private async Task<LoadResult> FirstTurnsAsync(LoadRunner runner)
    {
        var tokens = (await TokensAsync(options.VirtualUsers)).ToArray();
        var created = new int[tokens.Length];
        var latency = options.ModelLatencyMs;
        return await runner.RunAsync("first-turns", async (vu, ct) =>
        {
            if (created[vu]++ == ChatroomsPerUser)
            {
                (tokens[vu], created[vu]) = (await api.NewUserTokenAsync(), 1);
            }

            var token = tokens[vu];
            using var create = await api.Http.SendAsync(api.Request(HttpMethod.Post, "/chatroom", token, new { }), ct);
            if (!create.IsSuccessStatusCode)
            {
                return (LoadRunner.StatusOf(create), LoadRunner.NoTimings);
            }

            var room = (await create.Content.ReadFromJsonAsync<JsonNode>(ct))!["data"]!["id"]!.ToString();
            var started = Stopwatch.GetTimestamp();
            using var response = await api.Http.SendAsync(
                api.Request(HttpMethod.Post, $"/chatroom/{room}/message", token, new { message = "How are you today?" }), ct);
            await response.Content.LoadIntoBufferAsync(ct);
            var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return (LoadRunner.StatusOf(response), [(FirstAnswer, took), .. OverheadSeries(response, took, latency)]);
        }, options.VirtualUsers, result => MessageCallOnly(result, FirstAnswer));
    }

    /// <summary>The runner times the create and the message together; the latency that counts is the message's (<paramref name="series"/>).</summary>
    private static LoadResult MessageCallOnly(LoadResult result, string series) => result with
    {
        Latency = result.Series.GetValueOrDefault(series) ?? new Percentiles(0, 0, 0, 0, 0),
        Series = result.Series.Where(s => s.Key != series).ToDictionary(s => s.Key, s => s.Value),
    };
}

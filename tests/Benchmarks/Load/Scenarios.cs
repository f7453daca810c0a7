namespace GeminiClone.Benchmarks.Load;

/// <summary>
/// The scenarios of tests/Benchmarks/README.md: each sets up its users and chatrooms through the API, then loads it.
/// Here the choice of scenario, the plain GETs and what every scenario sets up with; the others beside it
/// (<c>Scenarios.Chat.cs</c>, <c>Scenarios.FirstTurns.cs</c>, <c>Scenarios.Search.cs</c>, <c>Scenarios.Attachments.cs</c>).
/// </summary>
public sealed partial class Scenarios(LoadOptions options, ContractClient api, TextWriter log, TextWriter output)
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
            "first-turns" => await FirstTurnsAsync(runner),
            "history" => await HistoryAsync(),
            "rooms" => await RoomsAsync(),
            "search" => await SearchAsync(runner),
            "attachments" => await AttachmentsAsync(runner),
            "token" => await TokenAsync(),
            "turn-targets" => await TurnTargetsAsync(),
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

    /// <summary>For wrk: a signed-in user with <c>--chatrooms</c> chatrooms; the token is printed alone on the output (stdout).</summary>
    private async Task<LoadResult> TokenAsync()
    {
        var token = (await TokensAsync(1))[0];
        await ParallelAsync(Enumerable.Range(0, options.Chatrooms), 16, _ => api.NewChatroomAsync(token));
        await output.WriteLineAsync(token);
        return SetUpOnly("token", 1);
    }

    /// <summary>
    /// For wrk (<c>wrk/chat.lua</c>): <c>chat</c>'s users and chatrooms, made as <c>chat</c> makes them, printed one
    /// "token chatroom" pair per line on the output (stdout); the turns are then sent by a generator cheaper than this tool.
    /// </summary>
    private async Task<LoadResult> TurnTargetsAsync()
    {
        var rooms = await TurningChatroomsAsync();
        await output.WriteAsync(string.Concat(rooms.Select(target => $"{target.Token} {target.Room}\n")));
        return SetUpOnly("turn-targets", rooms.Length);
    }

    /// <summary>The result of a scenario for wrk, which only sets up: the virtual users it made targets for, nothing measured.</summary>
    private LoadResult SetUpOnly(string scenario, int virtualUsers) =>
        new(scenario, options.BaseUrl.ToString(), virtualUsers, 0, 0, 0, new Percentiles(0, 0, 0, 0, 0),
            new Dictionary<string, long>(), new Dictionary<string, Percentiles>());

    /// <summary>
    /// <c>--chatrooms</c> chatrooms to send turns to, ten per user, as a busy user might have (every turn also passes
    /// through its user's grain, and fifty rooms per user made that grain the queue being measured), and beside them
    /// each user's <c>--idle-chatrooms-per-user</c> that never turn.
    /// </summary>
    private async Task<(string Token, string Room)[]> TurningChatroomsAsync()
    {
        var users = await TokensAsync(Math.Max(1, options.Chatrooms / 10));
        var rooms = new (string Token, string Room)[options.Chatrooms];
        await ParallelAsync(Enumerable.Range(0, options.Chatrooms), 64, async i =>
        {
            var token = users[i % users.Count];
            rooms[i] = (token, await api.NewChatroomAsync(token));
        });
        await ParallelAsync(users.SelectMany(token => Enumerable.Repeat(token, options.IdleChatroomsPerUser)), 64,
            token => api.NewChatroomAsync(token));
        return rooms;
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

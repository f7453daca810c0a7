using System.Globalization;

namespace GeminiClone.Benchmarks.Load;

/// <summary>What to run, from the command line. Hand-parsed: a dozen flags do not need a parser library.</summary>
public sealed record LoadOptions
{
    public required Uri BaseUrl { get; init; }

    /// <summary><c>me</c>, <c>list</c>, <c>chat</c>, <c>stream</c>, <c>first-turns</c>, <c>history</c>, <c>rooms</c>, <c>search</c>, <c>attachments</c>, or, for wrk, <c>token</c> and <c>turn-targets</c>.</summary>
    public required string Scenario { get; init; }

    /// <summary>Concurrent virtual users, each sending its next request when the last one answered (closed loop).</summary>
    public int VirtualUsers { get; init; } = 64;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The service's Prometheus page: grain calls and state writes per request are read from it (<see cref="ServiceCounters"/>).</summary>
    public Uri? MetricsUrl { get; init; }

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>For <c>chat</c> and <c>stream</c>: one chatroom per virtual user, so this many turn in parallel.</summary>
    public int Chatrooms { get; init; } = 1000;

    /// <summary>
    /// For <c>chat</c>: 0 (the default) keeps one titled chatroom per virtual user for the whole run; N moves each virtual
    /// user, a user of its own, to a new untitled chatroom every N turns, so one turn in N is a chatroom's first and
    /// asks for its title (the chat mix of issue 24).
    /// </summary>
    public int TurnsPerChatroom { get; init; }

    /// <summary>
    /// For <c>chat</c> and <c>stream</c>: chatrooms each user also owns and never writes to (default 0), so a turn's cost
    /// can be read against the size of its owner's chatroom list (up to <c>Chat:MaxChatroomsPerUser</c>, 1,000, with
    /// the ten that turn).
    /// </summary>
    public int IdleChatroomsPerUser { get; init; }

    /// <summary>
    /// For <c>stream</c>: how many pieces the Gemini stand-in cuts each answer into (its <c>[[chunks:N]]</c>; its own
    /// default, 4, when not given). Runs at two counts tell what a piece costs from what a stream costs.
    /// </summary>
    public int? StreamChunks { get; init; }

    /// <summary>
    /// For <c>chat</c>: plain answers carry the Gemini stand-in's own time too (<c>[[stand-in-time]]</c>, which every
    /// streamed one carries), for "overhead above the stand-in's time", the streams' yardstick beside
    /// <c>Server-Timing</c>. Off by default: the stamp makes every message and answer a few dozen characters longer.
    /// </summary>
    public bool StandInTime { get; init; }

    /// <summary>The emulator's latency, subtracted to report our own overhead.</summary>
    public double ModelLatencyMs { get; init; } = 200;

    /// <summary>For <c>history</c>: how many messages the chatroom grows to.</summary>
    public int HistoryMessages { get; init; } = 10_000;

    /// <summary>For <c>search</c>: messages per chatroom (questions and answers).</summary>
    public int SearchMessages { get; init; } = 100;

    /// <summary>For <c>attachments</c>: the size of each file, in MB (10^6 bytes).</summary>
    public int FileMegabytes { get; init; } = 10;

    /// <summary>For <c>attachments</c>: the gateway process, whose resident memory is sampled.</summary>
    public int? GatewayPid { get; init; }

    public string? JsonPath { get; init; }

    /// <summary>The service's processes (Linux): their CPU time over the measured window is reported per request.</summary>
    public IReadOnlyList<int> ServicePids { get; init; } = [];

    /// <summary>The harness's other processes (the Gemini emulator): their CPU is reported, and counts against the harness's half core.</summary>
    public IReadOnlyList<int> HarnessPids { get; init; } = [];

    /// <summary>The scenario means to saturate the machine: a window with no idle core is then not invalid.</summary>
    public bool Saturation { get; init; }

    public bool Quiet { get; init; }

    /// <summary>
    /// Warm up until the service's CPU per request in two consecutive <see cref="SteadyWindow"/>s agrees within
    /// <see cref="SteadyTolerance"/>, at most <see cref="WarmupMax"/>; <see cref="Warmup"/> is then not used.
    /// </summary>
    public bool SteadyState { get; init; }

    public TimeSpan SteadyWindow { get; init; } = TimeSpan.FromSeconds(5);

    public double SteadyTolerance { get; init; } = 0.05;

    public TimeSpan WarmupMax { get; init; } = TimeSpan.FromSeconds(180);

    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            var name = args[i][2..];
            values[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }

        string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        return new LoadOptions
        {
            BaseUrl = new Uri(values.TryGetValue("url", out var url) ? url : throw new ArgumentException("--url is required.")),
            Scenario = Get("scenario", "me"),
            VirtualUsers = Int("vus", 64),
            Duration = TimeSpan.FromSeconds(Int("duration", 10)),
            Warmup = TimeSpan.FromSeconds(Int("warmup", 3)),
            Chatrooms = Int("chatrooms", 1000),
            ModelLatencyMs = Int("model-latency-ms", 200),
            TurnsPerChatroom = Int("turns-per-chatroom", 0),
            IdleChatroomsPerUser = Int("idle-chatrooms-per-user", 0),
            StreamChunks = values.TryGetValue("stream-chunks", out var chunks) ? int.Parse(chunks, CultureInfo.InvariantCulture) : null,
            StandInTime = values.ContainsKey("stand-in-time"),
            HistoryMessages = Int("history-messages", 10_000),
            SearchMessages = Int("search-messages", 100),
            FileMegabytes = Int("file-mb", 10),
            GatewayPid = values.TryGetValue("gateway-pid", out var gateway) ? int.Parse(gateway, CultureInfo.InvariantCulture) : null,
            JsonPath = values.GetValueOrDefault("json"),
            ServicePids = values.TryGetValue("service-pids", out var pids)
                ? [.. pids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))]
                : [],
            HarnessPids = values.TryGetValue("harness-pids", out var harness)
                ? [.. harness.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))]
                : [],
            Saturation = values.ContainsKey("saturation"),
            Quiet = values.ContainsKey("quiet"),
            SteadyState = values.ContainsKey("steady-state"),
            SteadyWindow = TimeSpan.FromSeconds(Int("steady-window", 5)),
            WarmupMax = TimeSpan.FromSeconds(Int("warmup-max", 180)),
            MetricsUrl = values.TryGetValue("metrics-url", out var metrics) ? new Uri(metrics) : null,
        };
    }

    public const string Usage = """
        Load --url http://127.0.0.1:5000 --scenario me|list|chat|stream|first-turns|history|rooms|search|attachments|token|turn-targets
             [--vus 64] [--duration 10] [--warmup 3] [--chatrooms 1000] [--turns-per-chatroom 0] [--idle-chatrooms-per-user 0] [--stream-chunks 4] [--stand-in-time] [--model-latency-ms 200]
             [--history-messages 10000] [--search-messages 100] [--file-mb 10] [--gateway-pid 123] [--json result.json] [--service-pids 123,456] [--harness-pids 789] [--saturation] [--quiet]
             [--steady-state [--steady-window 5] [--warmup-max 180]] [--metrics-url http://127.0.0.1:5000/metrics]
        """;
}

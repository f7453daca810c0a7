namespace GeminiClone.GeminiEmulator;

public sealed class EmulatorOptions
{
    /// <summary>Before the answer (plain) or its first chunk (streamed).</summary>
    public int LatencyMs { get; set; }

    /// <summary>Between streamed chunks.</summary>
    public int ChunkIntervalMs { get; set; } = 5;

    /// <summary>How many chunks a streamed answer is cut into (at most one per word).</summary>
    public int StreamChunks { get; set; } = 4;

    /// <summary>
    /// Answer 400, as Gemini 3 does for function calls, when a model turn in the history lacks the thought signature
    /// it was given. Also on for one request whose last user message holds <c>[[strict]]</c>.
    /// </summary>
    public bool StrictSignatures { get; set; }

    /// <summary>Models answered with 404 NOT_FOUND, as Gemini answers for a model it has shut down.</summary>
    public HashSet<string> ShutDownModels { get; set; } = [];

    /// <summary>
    /// Keep every request for the tests to read (<see cref="RequestLog"/>). Benchmarks turn it off: a log that grows by
    /// hundreds of requests a second, each a whole conversation, made the emulator's garbage collector the harness's
    /// largest cost.
    /// </summary>
    public bool RecordRequests { get; set; } = true;

    /// <summary>How long an uploaded file lives (Gemini: 48 hours); tests shorten it to see files uploaded again.</summary>
    public TimeSpan FileLifetime { get; set; } = TimeSpan.FromHours(48);
}

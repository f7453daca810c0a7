namespace GeminiClone.GeminiEmulator;

public sealed class EmulatorOptions
{
    /// <summary>Before the answer (plain) or its first chunk (streamed).</summary>
    public int LatencyMs { get; set; }

    /// <summary>Between streamed chunks.</summary>
    public int ChunkIntervalMs { get; set; } = 5;

    /// <summary>How many chunks a streamed answer is cut into (at most one per word).</summary>
    public int StreamChunks { get; set; } = 4;
}

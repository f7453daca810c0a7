using System.ComponentModel.DataAnnotations;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>How conversations are kept and what of them reaches Gemini (section <c>Chat</c>).</summary>
public sealed class ChatroomOptions
{
    public const string Section = "Chat";

    [Required, StringLength(ChatroomLimits.SystemInstructionMaxLength)]
    public string SystemInstruction { get; set; } =
        "You are a helpful, concise assistant in a chat app. Answer in the language the user writes in.";

    /// <summary>
    /// At most this many earlier messages go to Gemini with each turn, newest kept. Bounded by what a chatroom
    /// keeps in its recent window (at least one page), so history never costs a storage read.
    /// </summary>
    [Range(0, ChatroomState.PageSize)]
    public int HistoryMaxMessages { get; set; } = 40;

    /// <summary>
    /// And at most about this many tokens of them, newest kept: estimated from Gemini's own counts for earlier
    /// answers, from characters where it has counted none yet. It bounds what each turn costs, far below any
    /// current model's context window.
    /// </summary>
    [Range(0, 1_000_000)]
    public int HistoryMaxTokens { get; set; } = 32_000;

    [Range(1, 100_000)]
    public int MaxChatroomsPerUser { get; set; } = 1000;

    /// <summary>
    /// Chatrooms without activity (a turn, a rename or a settings change) for this many days are deleted, as their
    /// owner's delete would. Null (the default): kept until their owner deletes them.
    /// </summary>
    [Range(1, 36_500)]
    public int? RetentionDays { get; set; }

    /// <summary>
    /// With retention on, each chatroom wakes at most this long apart to see whether it has expired (at its expiry
    /// when that is sooner): a chatroom in use wakes a few times per retention period, never per turn.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan RetentionCheckPeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Each chatroom wakes later than its due time by its own share of this window (from its id), so chatrooms
    /// that expire together (an import, a launch day) wake spread over it instead of all at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RetentionSpread { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// A temporary chatroom is deleted, with its attachments, this long after its last activity, whether retention
    /// is on or not (through the same reminder).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan TemporaryChatLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Write each chatroom's recent window and receipts in the shape of releases before 2026-12-06 (every record
    /// serialized again on every write), which silos of those releases can read. Set it while such silos still run beside this release (a
    /// rolling upgrade) and before rolling back to one; clear it once none runs (deploy/README.md, "Upgrading").
    /// </summary>
    public bool WindowInPreviousShape { get; set; }
}

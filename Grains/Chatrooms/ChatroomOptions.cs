using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>How conversations are kept and what of them reaches Gemini (section <c>Chat</c>).</summary>
public sealed class ChatroomOptions
{
    public const string Section = "Chat";

    [Required, StringLength(4000)]
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

    public const string DefaultTitle = "New chat";

    /// <summary>The longest instruction a chatroom may set for itself.</summary>
    public const int SystemInstructionMaxLength = 4000;
}

using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Shares;

/// <summary>How many share links a chatroom may have and how large a snapshot may be (section <c>Shares</c>).</summary>
public sealed class ShareOptions
{
    public const string Section = "Shares";

    [Range(1, 1000)]
    public int MaxPerChatroom { get; set; } = 50;

    /// <summary>
    /// The most messages a snapshot copies. A snapshot is one grain's state and one answer to every reader, so a
    /// conversation longer than this is refused rather than cut (a shared conversation missing its start misleads).
    /// </summary>
    [Range(1, 100_000)]
    public int MaxMessages { get; set; } = 1000;

    /// <summary>And at most this many characters of text (messages, grounding, code): about as many bytes of JSON.</summary>
    [Range(1, 50_000_000)]
    public int MaxCharacters { get; set; } = 4_000_000;
}

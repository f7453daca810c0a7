using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>Gemini's answer to one turn, ready to store, and which model gave it.</summary>
/// <param name="Notice">Set when another model than the chatroom's answered, saying why.</param>
/// <param name="RetiredModel">The chatroom's model, when Gemini no longer serves it and <paramref name="Model"/> replaced it.</param>
public sealed record GeminiReply(StoredMessage Message, string Model, string? Notice, string? RetiredModel)
{
    /// <summary>The images the model made, to store before the message (which lists them once stored).</summary>
    internal IReadOnlyList<GeneratedImage> Images { get; init; } = [];
}

/// <summary>What asking Gemini came to: a reply to store or a failure to report, never both.</summary>
public sealed record GeminiOutcome(GeminiReply? Reply, GeminiFailure? Failure)
{
    /// <summary>Attachments uploaded to Gemini's Files API for this turn, by attachment id, for the chatroom to remember.</summary>
    public IReadOnlyDictionary<string, Gemini.GeminiFileRef>? UploadedFiles { get; init; }
}

using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Shares;

namespace GeminiClone.Grains.Shares;

/// <summary>
/// What a share link shows of a conversation: each message's text and what it shows (files, grounding, pages read,
/// code run, images), never the model's thoughts or their signatures, earlier versions, usage or turn ids; and the
/// files those messages show, no other.
/// </summary>
internal static class ShareSnapshots
{
    public static SharedConversation Of(string title, IReadOnlyList<StoredMessage> messages, IReadOnlyList<Attachment> chatroomFiles, DateTimeOffset at)
    {
        var shown = messages.Select(Shown).ToArray();
        return new SharedConversation(title, shown, FilesShown(shown, chatroomFiles), at);
    }

    public static StoredMessage Shown(StoredMessage message) => new(message.Role, message.Text, message.Timestamp)
    {
        Truncated = message.Truncated,
        Stopped = message.Stopped,
        Parts = Unsigned(message.Parts),
        Attachments = message.Attachments,
        Grounding = message.Grounding,
        Urls = message.Urls,
        Steps = message.Steps?.Select(step => step with { ThoughtSignature = null }).ToArray(),
        Images = message.Images,
    };

    /// <summary>Roughly the snapshot's size in characters: its texts, grounding and code.</summary>
    public static long Characters(IEnumerable<StoredMessage> messages)
    {
        long characters = 0;
        foreach (var message in messages)
        {
            characters += message.Text.Length + (message.Grounding?.SearchEntryPoint?.Length ?? 0)
                + (message.Grounding?.Citations.Sum(c => (long)c.Text.Length) ?? 0)
                + (message.Steps?.Sum(s => (long)(s.Code?.Length ?? 0) + (s.Output?.Length ?? 0)) ?? 0);
        }

        return characters;
    }

    /// <summary>
    /// An answer's parts without its thoughts (a share never shows them) and without signatures (they carry the
    /// sharer's hidden reasoning to whoever continues the conversation): what is left says where its images and
    /// code steps sit, which the next turns' history needs; plain text needs no parts at all.
    /// </summary>
    private static ReplyPart[]? Unsigned(ReplyPart[]? parts)
    {
        var kept = parts?.Where(p => !p.Thought).Select(p => p with { ThoughtSignature = null }).ToArray();
        return kept?.Any(p => p.Image is not null || p.Step is not null) == true ? kept : null;
    }

    /// <summary>The chatroom's files that the messages show, without what only the chatroom uses (Gemini's file URIs).</summary>
    private static Attachment[] FilesShown(StoredMessage[] shown, IReadOnlyList<Attachment> chatroomFiles)
    {
        var files = new Dictionary<string, Attachment>(StringComparer.Ordinal);
        foreach (var message in shown)
        {
            foreach (var sent in message.Attachments ?? [])
            {
                files.TryAdd(sent.Id, chatroomFiles.FirstOrDefault(a => a.Id == sent.Id)
                    ?? new Attachment(sent.Id, sent.Name, sent.MediaType, sent.Size, sent.Sha256, message.Timestamp));
            }

            foreach (var image in message.Images ?? [])
            {
                if (chatroomFiles.FirstOrDefault(a => a.Id == image.AttachmentId) is { } made)
                {
                    files.TryAdd(made.Id, made);
                }
            }
        }

        return [.. files.Values.Select(a => a with { UsedInTurn = null, GeminiFileUri = null, GeminiFileExpiresAt = null })];
    }
}

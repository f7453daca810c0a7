using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Attachments;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// Puts the files of the messages going to Gemini into those messages, newest message first: as inline data while
/// they fit in <see cref="AttachmentOptions.MaxInlineBytes"/> (the bytes read from the attachment store), else by
/// reference to Gemini's Files API, uploading them (streamed from the store) unless Gemini still holds them from an
/// earlier turn for at least <see cref="FileReuseMargin"/>. A file whose bytes are gone is named in a short note,
/// so Gemini knows it was there. Images the model made go back the same way, on their answer's part, with the
/// thought signature they came with, so "make it blue" edits the picture instead of drawing a new one.
/// </summary>
public sealed class AttachmentParts(IAttachmentStore store, IGeminiFileUploads files, IOptions<AttachmentOptions> options, TimeProvider clock)
{
    /// <summary>A file Gemini forgets sooner than this is uploaded again rather than risked mid-turn.</summary>
    public static readonly TimeSpan FileReuseMargin = TimeSpan.FromHours(1);

    /// <param name="messages">
    /// What goes to Gemini: <paramref name="recent"/> from <paramref name="start"/> on, then <paramref name="asked"/>.
    /// </param>
    /// <param name="known">The chatroom's attachments, with the Files API URIs it remembers.</param>
    /// <returns>The files uploaded to the Files API now, by attachment id (null when none was).</returns>
    internal async Task<Dictionary<string, GeminiFileRef>?> AddAsync(
        List<ChatMessage> messages, IReadOnlyList<StoredMessage> recent, int start, StoredMessage asked, IReadOnlyList<Attachment> known,
        CancellationToken cancellationToken)
    {
        Dictionary<string, GeminiFileRef>? uploaded = null;
        var budget = options.Value.MaxInlineBytes;
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            var source = start + i < recent.Count ? recent[start + i] : asked;
            if (source.Role == MessageRole.AI)
            {
                if (source.Images is { Length: > 0 })
                {
                    (budget, uploaded) = await AddModelImagesAsync(messages[i], known, budget, uploaded, cancellationToken);
                }

                continue;
            }

            if (source is not { Attachments: { Length: > 0 } attachments })
            {
                continue;
            }

            var parts = new List<AIContent>(attachments.Length);
            foreach (var attachment in attachments)
            {
                if (attachment.Size <= budget && await ReadAsync(attachment, cancellationToken) is { } bytes)
                {
                    parts.Add(new DataContent(bytes, attachment.MediaType) { Name = attachment.Name });
                    budget -= attachment.Size;
                }
                else if (await FileAsync(attachment, known, uploaded ??= new(StringComparer.Ordinal), cancellationToken) is { } file)
                {
                    parts.Add(new UriContent(new Uri(file.Uri), attachment.MediaType));
                }
                else
                {
                    parts.Add(new TextContent($"[{attachment.Name} ({attachment.MediaType}) was attached here but is no longer available.]"));
                }
            }

            // Files before the text, as Gemini's guidance for prompts with media has it; an empty text is no part at all.
            var contents = messages[i].Contents;
            for (var c = contents.Count - 1; c >= 0; c--)
            {
                if (contents[c] is TextContent { Text.Length: 0 })
                {
                    contents.RemoveAt(c);
                }
            }

            for (var p = parts.Count - 1; p >= 0; p--)
            {
                contents.Insert(0, parts[p]);
            }
        }

        return uploaded;
    }

    /// <summary>
    /// Replaces each stored image of an answer with its bytes (or file) and signature; answers the budget left and
    /// the files uploaded so far.
    /// </summary>
    private async Task<(long Budget, Dictionary<string, GeminiFileRef>? Uploaded)> AddModelImagesAsync(
        ChatMessage answer, IReadOnlyList<Attachment> known, long budget, Dictionary<string, GeminiFileRef>? uploaded,
        CancellationToken cancellationToken)
    {
        var contents = answer.Contents;
        for (var c = 0; c < contents.Count; c++)
        {
            if (contents[c] is not StoredImageContent stored)
            {
                continue;
            }

            AIContent? part = null;
            if (known.FirstOrDefault(a => a.Id == stored.Image.AttachmentId) is { } attachment)
            {
                var file = MessageAttachment.Of(attachment);
                if (file.Size <= budget && await ReadAsync(file, cancellationToken) is { } bytes)
                {
                    part = new DataContent(bytes, file.MediaType) { Name = file.Name };
                    budget -= file.Size;
                }
                else if (await FileAsync(file, known, uploaded ??= new(StringComparer.Ordinal), cancellationToken) is { } uri)
                {
                    part = new UriContent(new Uri(uri.Uri), file.MediaType);
                }
            }

            part ??= new TextContent("[An image made here is no longer available.]");
            if (stored.ThoughtSignature is { } signature && part is not TextContent)
            {
                part.AdditionalProperties = new() { [GeminiChatProperties.ThoughtSignature] = signature };
            }

            contents[c] = part;
        }

        return (budget, uploaded);
    }

    private async Task<GeminiFileRef?> FileAsync(
        MessageAttachment attachment, IReadOnlyList<Attachment> known, Dictionary<string, GeminiFileRef> uploaded, CancellationToken cancellationToken)
    {
        if (uploaded.TryGetValue(attachment.Id, out var now))
        {
            return now;
        }

        if (known.FirstOrDefault(a => a.Id == attachment.Id) is { GeminiFileUri: { } uri, GeminiFileExpiresAt: { } expires }
            && expires - clock.GetUtcNow() > FileReuseMargin)
        {
            return new GeminiFileRef(uri, expires);
        }

        await using var content = await store.OpenReadAsync(attachment.Sha256, cancellationToken);
        if (content is null)
        {
            return null;
        }

        var file = await files.UploadAsync(content, attachment.Size, attachment.MediaType, attachment.Name, cancellationToken);
        uploaded[attachment.Id] = file;
        return file;
    }

    private async Task<byte[]?> ReadAsync(MessageAttachment attachment, CancellationToken cancellationToken)
    {
        await using var content = await store.OpenReadAsync(attachment.Sha256, cancellationToken);
        if (content is null)
        {
            return null;
        }

        var bytes = new byte[content.Length];
        await content.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }
}

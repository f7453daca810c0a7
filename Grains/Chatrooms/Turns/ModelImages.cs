using System.Security.Cryptography;
using GeminiClone.Grains.Interfaces.Attachments;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>An image the model made, as Gemini sent it: its bytes, its media type and its thought signature.</summary>
internal sealed record GeneratedImage(ReadOnlyMemory<byte> Data, string MediaType, string? ThoughtSignature);

/// <summary>
/// Where an image the model made sits in a stored answer going back to Gemini: <see cref="AttachmentParts"/> puts
/// its bytes there (inline, or through the Files API) with its thought signature, so the model can edit it.
/// </summary>
internal sealed class StoredImageContent(MessageImage image, string? thoughtSignature) : Microsoft.Extensions.AI.AIContent
{
    public MessageImage Image => image;

    public string? ThoughtSignature => thoughtSignature;
}

/// <summary>
/// Keeps the images a model makes as attachments of the chatroom: their bytes are sniffed like an upload's (never
/// trusting Gemini's word for the type), stored in the attachment store, and belong to the chatroom, so deleting
/// the chatroom or the account deletes them. One per silo.
/// </summary>
public sealed partial class ModelImages(IAttachmentStore store, IAttachmentInspector inspector, TimeProvider clock, ILogger<ModelImages> logger)
{
    /// <summary>
    /// Stores each image and answers it as the chatroom's attachment and the message's image, in order; an image whose
    /// bytes are not an image we take is dropped (and logged), as is one the store refused.
    /// </summary>
    internal async Task<IReadOnlyList<(Attachment Attachment, MessageImage Image, int Index)>> StoreAsync(
        string chatroomId, string turnId, IReadOnlyList<GeneratedImage> images)
    {
        var stored = new List<(Attachment, MessageImage, int)>(images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            if (await StoreAsync(chatroomId, turnId, images[i], i) is { } kept)
            {
                stored.Add((kept.Attachment, kept.Image, i));
            }
        }

        return stored;
    }

    /// <summary>Drops images stored for a turn that was not stored after all; best effort (orphaned bytes go with the chatroom).</summary>
    internal async Task ForgetAsync(IEnumerable<Attachment> attachments)
    {
        foreach (var attachment in attachments)
        {
            try
            {
                await store.RemoveAsync(attachment.Id);
            }
            catch (Exception e)
            {
                LogImageNotRemoved(e, attachment.Id);
            }
        }
    }

    private async Task<(Attachment Attachment, MessageImage Image)?> StoreAsync(string chatroomId, string turnId, GeneratedImage image, int index)
    {
        using var content = new MemoryStream(image.Data.ToArray(), writable: false);
        var name = $"image-{turnId[..8]}-{index + 1}{Extension(image.MediaType)}";
        var (file, refusal) = await inspector.InspectAsync(content, name, image.MediaType);
        if (file is null || !file.MediaType.StartsWith("image/", StringComparison.Ordinal))
        {
            LogImageDropped(chatroomId, turnId, image.MediaType, refusal?.Detail ?? "not an image");
            return null;
        }

        var id = Guid.CreateVersion7().ToString();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(image.Data.Span));
        content.Position = 0;
        await store.SaveAsync(id, chatroomId, sha256, image.Data.Length, content);
        var attachment = new Attachment(id, name, file.MediaType, image.Data.Length, sha256, clock.GetUtcNow())
        {
            Width = file.Width,
            Height = file.Height,
            UsedInTurn = turnId,
        };
        return (attachment, new MessageImage(id, file.MediaType, file.Width, file.Height, image.Data.Length));
    }

    private static string Extension(string mediaType) => mediaType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/webp" => ".webp",
        _ => "",
    };

    [LoggerMessage(LogLevel.Warning, "An image the model made in chatroom {ChatroomId} (turn {TurnId}, {MediaType}) was dropped: {Reason}")]
    private partial void LogImageDropped(string chatroomId, string turnId, string mediaType, string reason);

    [LoggerMessage(LogLevel.Warning, "The bytes of image {AttachmentId}, made for a turn that was not stored, could not be removed yet")]
    private partial void LogImageNotRemoved(Exception exception, string attachmentId);
}


namespace GeminiClone.Grains.Interfaces.Attachments;

/// <summary>
/// Where attachments' bytes live: content-addressed by SHA-256 (the same file uploaded twice is stored once) and
/// counted by reference (each attachment is one reference; the bytes go with the last). PostgreSQL in production,
/// streamed in and out a chunk at a time (<c>Grains/Adapters/PostgreSql/PostgresAttachmentStore</c>); memory in the embedded mode.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>
    /// Records that attachment <paramref name="attachmentId"/> of <paramref name="chatroomId"/> is the bytes with
    /// hash <paramref name="sha256"/>, reading <paramref name="content"/> (from its position, once) only when those
    /// bytes are not stored yet.
    /// </summary>
    Task SaveAsync(string attachmentId, string chatroomId, string sha256, long size, Stream content, CancellationToken cancellationToken = default);

    /// <summary>The bytes as a seekable stream (for range requests), or null when nothing is stored under the hash.</summary>
    Task<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>Drops one attachment's reference, and its bytes when no other attachment refers to them.</summary>
    Task RemoveAsync(string attachmentId, CancellationToken cancellationToken = default);

    /// <summary>Drops every attachment of a chatroom, as <see cref="RemoveAsync"/> does for each.</summary>
    Task RemoveChatroomAsync(string chatroomId, CancellationToken cancellationToken = default);
}

using GeminiClone.Grains.Interfaces.Attachments;

namespace GeminiClone.Grains.Adapters.InMemory;

/// <summary>The embedded mode's store: bytes in memory, like the rest of its state, and gone with the process.</summary>
public sealed class MemoryAttachmentStore : IAttachmentStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string ChatroomId, string Sha256)> _references = new(StringComparer.Ordinal);

    public async Task SaveAsync(string attachmentId, string chatroomId, string sha256, long size, Stream content, CancellationToken cancellationToken = default)
    {
        bool stored;
        lock (_lock)
        {
            stored = _blobs.ContainsKey(sha256);
        }

        byte[]? bytes = null;
        if (!stored)
        {
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy, cancellationToken);
            bytes = copy.ToArray();
        }

        lock (_lock)
        {
            if (bytes is not null)
            {
                _blobs.TryAdd(sha256, bytes);
            }

            _references[attachmentId] = (chatroomId, sha256);
        }
    }

    public Task<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<Stream?>(_blobs.TryGetValue(sha256, out var bytes) ? new MemoryStream(bytes, writable: false) : null);
        }
    }

    public Task RemoveAsync(string attachmentId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Remove(attachmentId);
        }

        return Task.CompletedTask;
    }

    public Task RemoveChatroomAsync(string chatroomId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var attachmentId in _references.Where(r => r.Value.ChatroomId == chatroomId).Select(r => r.Key).ToList())
            {
                Remove(attachmentId);
            }
        }

        return Task.CompletedTask;
    }

    private void Remove(string attachmentId)
    {
        if (_references.Remove(attachmentId, out var reference) && !_references.Values.Any(r => r.Sha256 == reference.Sha256))
        {
            _blobs.Remove(reference.Sha256);
        }
    }
}

using Npgsql;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// A stored blob as a read-only, seekable stream: it knows its length and fetches the one chunk it is in when a
/// read needs it, so ASP.NET Core can answer range requests and copy a 50 MB file out with 1 MiB in memory.
/// </summary>
internal sealed class ChunkedReadStream(NpgsqlDataSource database, string sha256, long length) : Stream
{
    private const int ChunkSize = PostgresAttachmentStore.ChunkSize;

    private byte[]? _chunk;
    private int _chunkIndex = -1;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0)
        {
            return 0;
        }

        var index = (int)(_position / ChunkSize);
        if (index != _chunkIndex)
        {
            _chunk = await FetchAsync(index, cancellationToken);
            _chunkIndex = index;
        }

        var offset = (int)(_position % ChunkSize);
        var count = Math.Min(buffer.Length, _chunk!.Length - offset);
        _chunk.AsMemory(offset, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Readers here are ASP.NET Core and the Gemini client, which read asynchronously.</summary>
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private async Task<byte[]> FetchAsync(int index, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT bytes FROM attachment_chunk WHERE sha256 = $1 AND index = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = sha256 });
        command.Parameters.Add(new NpgsqlParameter { Value = index });
        return await command.ExecuteScalarAsync(cancellationToken) as byte[]
            ?? throw new IOException($"Chunk {index} of attachment blob {sha256} is missing.");
    }
}

using System.Buffers.Binary;
using System.Text;

namespace GeminiClone.Grains.Usage;

/// <summary>
/// The newest record ids a usage record remembers as counted, oldest first, held as one array of their UTF-8 bytes
/// (each id its length in two bytes, then its bytes) and stored as that array (<see cref="RecordIdsCodec"/>). Every
/// turn writes the record: as a list of strings, its 32 ids were 32 objects in as many places in memory, each read,
/// reference-tracked and transcoded again on every write, the largest part of a turn's usage write (issue 30's
/// profile). Now a write copies one array, and remembering an id moves the others' bytes down inside it.
/// </summary>
[Alias("GeminiClone.Usage.RecordIds")]
public sealed class RecordIds
{
    private const int LengthSize = sizeof(ushort);

    private byte[] _bytes;
    private int _length;

    public RecordIds()
        : this([], 0, 0)
    {
    }

    private RecordIds(byte[] bytes, int length, int count)
    {
        _bytes = bytes;
        _length = length;
        Count = count;
    }

    public int Count { get; private set; }

    /// <summary>The ids as stored: each one's length (two bytes, little-endian), then its UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _length);

    public IEnumerable<string> Ids
    {
        get
        {
            for (var offset = 0; offset < _length;)
            {
                var size = BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(offset));
                yield return Encoding.UTF8.GetString(_bytes, offset + LengthSize, size);
                offset += LengthSize + size;
            }
        }
    }

    /// <summary>The ids of a list an earlier release stored, which is emptied: they are stored here from now on.</summary>
    public static RecordIds TakeOver(List<string> ids)
    {
        var recordIds = new RecordIds();
        foreach (var id in ids)
        {
            recordIds.Add(id, keep: int.MaxValue);
        }

        ids.Clear();
        return recordIds;
    }

    /// <summary>Ids as <see cref="Bytes"/> holds them; <see cref="InvalidDataException"/> when they are not well formed.</summary>
    public static RecordIds FromBytes(byte[] bytes, int count)
    {
        var found = 0;
        for (var offset = 0; offset < bytes.Length; found++)
        {
            var size = bytes.Length - offset < LengthSize ? -1 : BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset));
            if (size < 0 || bytes.Length - offset - LengthSize < size)
            {
                throw new InvalidDataException($"Stored record ids end inside id {found + 1}.");
            }

            offset += LengthSize + size;
        }

        return found == count ? new RecordIds(bytes, bytes.Length, count)
            : throw new InvalidDataException($"Stored record ids say {count} and hold {found}.");
    }

    /// <summary>Remembers <paramref name="id"/> as the newest, forgetting the oldest beyond <paramref name="keep"/>.</summary>
    public void Add(string id, int keep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        var size = Encoding.UTF8.GetByteCount(id);
        if (size > ushort.MaxValue)
        {
            throw new ArgumentException($"A record id may take at most {ushort.MaxValue} bytes.", nameof(id));
        }

        var dropped = Count + 1 > keep ? SizeOfOldest(Count + 1 - keep) : 0;
        var kept = _length - dropped;
        var needed = kept + LengthSize + size;
        if (needed > _bytes.Length)
        {
            var grown = new byte[Math.Max(needed, 2 * _bytes.Length)];
            _bytes.AsSpan(dropped, kept).CopyTo(grown);
            _bytes = grown;
        }
        else if (dropped > 0)
        {
            _bytes.AsSpan(dropped, kept).CopyTo(_bytes);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(kept), (ushort)size);
        Encoding.UTF8.GetBytes(id, _bytes.AsSpan(kept + LengthSize));
        _length = needed;
        Count = Math.Min(Count + 1, keep);
    }

    public RecordIds Copy() => new(Bytes.ToArray(), _length, Count);

    private int SizeOfOldest(int ids)
    {
        var offset = 0;
        for (var i = 0; i < ids; i++)
        {
            offset += LengthSize + BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(offset));
        }

        return offset;
    }
}

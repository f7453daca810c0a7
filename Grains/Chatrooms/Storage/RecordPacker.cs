using System.Runtime.CompilerServices;
using Orleans.Serialization;

namespace GeminiClone.Grains.Chatrooms.Storage;

/// <summary>
/// Packs a list of immutable records into <see cref="PackedRecords"/>, serializing each record once: its bytes are
/// kept for as long as the record itself is alive, keyed by the instance, so a list written again with records it
/// was read or written with copies their bytes. A record "changed" is a new instance (a <c>with</c>), packed anew.
/// </summary>
/// <remarks>
/// A record packed alone refers to nothing outside itself, which a list serialized in one piece could not promise:
/// Orleans writes a string it has seen before in the same session as a reference to it.
/// </remarks>
public sealed class RecordPacker<T>(Serializer<T> serializer)
    where T : class
{
    private readonly ConditionalWeakTable<T, byte[]> _bytes = [];

    public PackedRecords Pack(IReadOnlyList<T> records)
    {
        var items = new byte[records.Count][];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = BytesOf(records[i]);
        }

        return new PackedRecords(items);
    }

    public List<T> Unpack(PackedRecords packed)
    {
        var records = new List<T>(packed.Items.Length);
        foreach (var bytes in packed.Items)
        {
            var record = serializer.Deserialize(bytes) ?? throw new InvalidDataException($"A packed list of {typeof(T).Name} holds a null.");
            _bytes.AddOrUpdate(record, bytes);
            records.Add(record);
        }

        return records;
    }

    private byte[] BytesOf(T record)
    {
        if (!_bytes.TryGetValue(record, out var bytes))
        {
            bytes = serializer.SerializeToArray(record);
            _bytes.AddOrUpdate(record, bytes);
        }

        return bytes;
    }
}

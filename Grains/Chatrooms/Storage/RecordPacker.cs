using Orleans.Serialization;

namespace GeminiClone.Grains.Chatrooms.Storage;

/// <summary>
/// Packs a list of immutable records into <see cref="PackedRecords"/>, serializing only the records that the list's
/// last packing (the write or read before) did not hold: the others' bytes are taken from it. A record "changed" is
/// a new instance (a <c>with</c>), so records are matched by reference, never by value.
/// </summary>
/// <remarks>
/// The lists change at their ends (a turn appends; a sealed page or an expired receipt leaves from the front), by a
/// record inserted (a client's receipt goes before the gateway's) or by a record replaced in place (a rating, an
/// erasure), so the records are matched in order, by a walk that skips what left; a list rebuilt in another order
/// only costs serializations. A record packed alone refers to nothing outside
/// itself, which a list serialized in one piece could not promise: Orleans writes a string it has seen before in the
/// same session as a reference to it.
/// </remarks>
public sealed class RecordPacker<T>(Serializer<T> serializer)
    where T : class
{
    public PackedRecords Pack(IReadOnlyList<T> records, PackedRecords? before)
    {
        var items = new byte[records.Count][];
        var packed = new object[records.Count];
        var known = before?.Records ?? [];
        var next = 0;
        for (var i = 0; i < items.Length; i++)
        {
            var record = records[i];
            var at = IndexOf(known, record, next);
            if (at >= 0)
            {
                items[i] = before!.Items[at];
                next = at + 1;
            }
            else
            {
                // New here: inserted (the walk goes on where it was) or replacing one (which the next match skips).
                items[i] = serializer.SerializeToArray(record);
            }

            packed[i] = record;
        }

        return new PackedRecords(items, packed);
    }

    public (List<T> Records, PackedRecords Packed) Unpack(PackedRecords stored)
    {
        var records = new List<T>(stored.Items.Length);
        foreach (var bytes in stored.Items)
        {
            records.Add(serializer.Deserialize(bytes) ?? throw new InvalidDataException($"A packed list of {typeof(T).Name} holds a null."));
        }

        return (records, new PackedRecords(stored.Items, [.. records]));
    }

    /// <summary>Where <paramref name="record"/> is in <paramref name="known"/> from <paramref name="start"/> on; -1 if not there.</summary>
    private static int IndexOf(object[] known, T record, int start)
    {
        for (var j = start; j < known.Length; j++)
        {
            if (ReferenceEquals(known[j], record))
            {
                return j;
            }
        }

        return -1;
    }
}

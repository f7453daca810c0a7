using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace GeminiClone.Grains.Chatrooms.Storage;

/// <summary>
/// A list of records stored as each record's own serialized bytes (<see cref="RecordPacker{T}"/>): copied, not
/// serialized again, when the list is written again with the same records.
/// </summary>
/// <param name="items">Each record's bytes, in the list's order.</param>
/// <param name="records">The records the bytes are of, when this process made or read them; never stored.</param>
[Immutable, Alias("GeminiClone.Chatrooms.PackedRecords")]
public sealed class PackedRecords(byte[][] items, object[]? records = null)
{
    public byte[][] Items => items;

    /// <summary>What the next packing of the same list matches its records against (by reference); null when unknown.</summary>
    public object[]? Records => records;
}

/// <summary>
/// Writes a <see cref="PackedRecords"/> as one length-prefixed field: the count, then each record's length and
/// bytes (little-endian 32-bit numbers). Written by hand because Orleans' own codec for a list of byte arrays tracks
/// every array as an object of the session, and a session that tracks more than 64 objects allocates a reference
/// table per write: what this type exists to avoid. A silo that does not know the field skips it by its length.
/// </summary>
[RegisterSerializer]
public sealed class PackedRecordsCodec : IFieldCodec<PackedRecords>
{
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, [AllowNull] Type expectedType, [AllowNull] PackedRecords value)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value))
        {
            return;
        }

        var items = value.Items;
        long length = sizeof(uint);
        foreach (var item in items)
        {
            length += sizeof(uint) + item.Length;
        }

        writer.WriteFieldHeader(fieldIdDelta, expectedType, typeof(PackedRecords), WireType.LengthPrefixed);
        writer.WriteVarUInt32(checked((uint)length));
        writer.WriteUInt32((uint)items.Length);
        foreach (var item in items)
        {
            writer.WriteUInt32((uint)item.Length);
            writer.Write(item);
        }
    }

    [return: MaybeNull]
    public PackedRecords ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.WireType == WireType.Reference)
        {
            return ReferenceCodec.ReadReference<PackedRecords, TInput>(ref reader, field)!;
        }

        field.EnsureWireType(WireType.LengthPrefixed);
        var length = reader.ReadVarUInt32();
        var count = reader.ReadUInt32();
        // Each record takes at least its length's four bytes: a count beyond that is a corrupt record, not an allocation.
        if (length < sizeof(uint) || count > (length - sizeof(uint)) / sizeof(uint))
        {
            throw new InvalidDataException($"A packed list says it holds {count} records in {length} bytes.");
        }

        var items = new byte[count][];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = reader.ReadBytes(reader.ReadUInt32());
        }

        var result = new PackedRecords(items);
        ReferenceCodec.RecordObject(reader.Session, result);
        return result;
    }
}

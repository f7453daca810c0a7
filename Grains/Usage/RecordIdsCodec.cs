using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace GeminiClone.Grains.Usage;

/// <summary>
/// Writes <see cref="RecordIds"/> as one length-prefixed field: the count (a little-endian 32-bit number), then the
/// ids' bytes as <see cref="RecordIds.Bytes"/> holds them. Written by hand because the point of the type is to be
/// written as one copy, not as strings Orleans' codecs would track and transcode one by one. A silo that does not
/// know the field skips it by its length.
/// </summary>
[RegisterSerializer, RegisterCopier]
public sealed class RecordIdsCodec : IFieldCodec<RecordIds>, IDeepCopier<RecordIds>
{
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, [AllowNull] Type expectedType, [AllowNull] RecordIds value)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value))
        {
            return;
        }

        var bytes = value.Bytes;
        writer.WriteFieldHeader(fieldIdDelta, expectedType, typeof(RecordIds), WireType.LengthPrefixed);
        writer.WriteVarUInt32(checked((uint)(sizeof(uint) + bytes.Length)));
        writer.WriteUInt32((uint)value.Count);
        writer.Write(bytes);
    }

    [return: MaybeNull]
    public RecordIds ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.WireType == WireType.Reference)
        {
            return ReferenceCodec.ReadReference<RecordIds, TInput>(ref reader, field)!;
        }

        field.EnsureWireType(WireType.LengthPrefixed);
        var length = reader.ReadVarUInt32();
        if (length < sizeof(uint))
        {
            throw new InvalidDataException($"Stored record ids take {length} bytes, fewer than their count.");
        }

        var count = reader.ReadUInt32();
        if (count > int.MaxValue)
        {
            throw new InvalidDataException($"Stored record ids say {count} ids.");
        }

        var result = RecordIds.FromBytes(reader.ReadBytes(length - sizeof(uint)), (int)count);
        ReferenceCodec.RecordObject(reader.Session, result);
        return result;
    }

    public RecordIds? DeepCopy(RecordIds? input, CopyContext context) => input?.Copy();
}

using System.Buffers;
using Orleans.Serialization;
using Orleans.Storage;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// Grain state in Orleans' own binary format, which reads and writes by our <c>[Alias]</c> and <c>[Id]</c> (so a
/// type may move or gain members) and costs a fraction of Orleans' default JSON, which names CLR types and numbers
/// every object and is paid on every write of a chatroom's recent window. State written as JSON by earlier releases
/// still loads: binary payloads start with a marker byte that JSON never starts with, and everything else is JSON.
/// </summary>
public sealed class GrainStateSerializer(Serializer serializer, OrleansJsonSerializer json) : IGrainStorageSerializer
{
    /// <summary>A NUL: JSON starts with '{' (or white space), never with this.</summary>
    private const byte BinaryMarker = 0;

    /// <summary>The layout after the marker, should it ever need to change.</summary>
    private const byte BinaryVersion = 1;

    private readonly JsonGrainStorageSerializer _json = new(json);

    public BinaryData Serialize<T>(T? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write([BinaryMarker, BinaryVersion]);
        serializer.Serialize(value, buffer);
        return new BinaryData(buffer.WrittenMemory);
    }

    public T? Deserialize<T>(BinaryData input)
    {
        var payload = input.ToMemory();
        return payload.Length >= 2 && payload.Span[0] == BinaryMarker
            ? serializer.Deserialize<T>(payload[2..])
            : _json.Deserialize<T>(input);
    }
}

using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Session;
using Orleans.Storage;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// Grain state in Orleans' own binary format, which reads and writes by our <c>[Alias]</c> and <c>[Id]</c> (so a
/// type may move or gain members) and costs a fraction of Orleans' default JSON, which names CLR types and numbers
/// every object and is paid on every write of a chatroom's recent window. State written as JSON by earlier releases
/// still loads: binary payloads start with a marker byte that JSON never starts with, and everything else is JSON.
/// </summary>
/// <remarks>
/// A state is written into Orleans' pooled segments and copied out once, at its exact size: a growing array (what
/// <c>ArrayBufferWriter</c> does) allocated and copied about twice the state's size on every write, a third of a
/// turn's allocations (tests/Benchmarks/README.md, "Allocations").
/// </remarks>
public sealed class GrainStateSerializer(Serializer serializer, SerializerSessionPool sessions, OrleansJsonSerializer json) : IGrainStorageSerializer
{
    /// <summary>A NUL: JSON starts with '{' (or white space), never with this.</summary>
    private const byte BinaryMarker = 0;

    /// <summary>The layout after the marker, should it ever need to change.</summary>
    private const byte BinaryVersion = 1;

    private readonly JsonGrainStorageSerializer _json = new(json);

    public BinaryData Serialize<T>(T? value)
    {
        using var session = sessions.GetSession();
        var writer = Writer.CreatePooled(session);
        try
        {
            writer.WriteByte(BinaryMarker);
            writer.WriteByte(BinaryVersion);
            serializer.Serialize(value, ref writer);
            return new BinaryData(writer.Output.ToArray());
        }
        finally
        {
            // Returns the pooled segments.
            writer.Dispose();
        }
    }

    public T? Deserialize<T>(BinaryData input)
    {
        var payload = input.ToMemory();
        return payload.Length >= 2 && payload.Span[0] == BinaryMarker
            ? serializer.Deserialize<T>(payload[2..])
            : _json.Deserialize<T>(input);
    }
}

namespace GeminiClone.Grains.Hosting;

/// <summary>
/// A store (or the cluster) stayed unreachable for the whole start-up wait; the message is the line a host exits
/// with. Thrown by the start-up waits of <c>Grains/Cluster</c>, caught by the gateway and the silo.
/// </summary>
public sealed class StoreUnreachableException(string message, Exception cause) : Exception(message, cause);

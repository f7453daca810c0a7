namespace GeminiClone.Grains.Interfaces.Storage;

/// <summary>
/// Grain state could not be read or written because its store did not answer. This, never a driver's exception,
/// is what crosses the grain boundary: a driver's exception has no Orleans codec and arrives at the caller as a
/// codec failure, and its stack trace says nothing an operator does not already know from the outage log.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Storage.StorageUnavailableException")]
public sealed class StorageUnavailableException : OrleansException
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message, bool mayHaveLanded) : base(message) => MayHaveLanded = mayHaveLanded;

    /// <summary>
    /// A write whose statement may have reached the store before the connection broke: it may have been stored. False
    /// for reads and for writes that never left (no connection could be opened).
    /// </summary>
    [Id(0)] public bool MayHaveLanded { get; private set; }

    /// <summary>An expected condition, not a bug: where Orleans logs it, one line says all there is to say.</summary>
    public override string ToString() => $"{GetType().Name}: {Message}";
}

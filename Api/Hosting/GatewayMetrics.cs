using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace GeminiClone.Api.Hosting;

/// <summary>
/// What only the gateway sees, under the domain's meter (<c>GeminiClone</c>): the event streams it is serving
/// now, and the streams clients resumed after an event they had (a <c>Last-Event-ID</c>).
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "GeminiClone";

    private readonly UpDownCounter<long> _activeStreams;
    private readonly Counter<long> _resumes;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _activeStreams = meter.CreateUpDownCounter<long>("geminiclone.streams.active", "{stream}", "Turn event streams being served");
        _resumes = meter.CreateCounter<long>("geminiclone.streams.resumes", "{stream}", "Turn event streams resumed after a Last-Event-ID");
    }

    public void StreamResumed() => _resumes.Add(1);

    /// <summary>The stream, counted as active from its first read until it ends or its client goes away.</summary>
    public async IAsyncEnumerable<T> Active<T>(IAsyncEnumerable<T> stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _activeStreams.Add(1);
        try
        {
            await foreach (var item in stream.WithCancellation(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            _activeStreams.Add(-1);
        }
    }
}

using System.Collections.Concurrent;

namespace GeminiClone.Grains.Tests.Infrastructure;

/// <summary>
/// Counts the calls every test silo's grains receive, by method and grain key: for tests about which calls a flow
/// makes. One count for every cluster in the process (a test's own users and chatrooms keep its counts apart).
/// </summary>
public sealed class GrainCalls : IIncomingGrainCallFilter
{
    public static GrainCalls Recorder { get; } = new();

    private readonly ConcurrentDictionary<(string Method, string Grain), int> _counts = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        _counts.AddOrUpdate((context.InterfaceMethod?.Name ?? "", context.TargetId.Key.ToString() ?? ""), 1, (_, count) => count + 1);
        return context.Invoke();
    }

    /// <summary>How many calls of <paramref name="method"/> the grain keyed <paramref name="grain"/> received.</summary>
    public int Count(string method, string grain) => _counts.GetValueOrDefault((method, grain));
}

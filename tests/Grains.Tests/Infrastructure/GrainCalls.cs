using System.Collections.Concurrent;

namespace GeminiClone.Grains.Tests.Infrastructure;

/// <summary>
/// Counts the calls every test silo's grains receive, by method and grain key: for tests about which calls a flow
/// makes, and the first arguments of the methods a test asks for. One record for every cluster in the process (a test's
/// own users and chatrooms keep its counts apart).
/// </summary>
public sealed class GrainCalls : IIncomingGrainCallFilter
{
    public static GrainCalls Recorder { get; } = new();

    private readonly ConcurrentDictionary<(string Method, string Grain), int> _counts = new();

    private readonly ConcurrentDictionary<(string Method, string Grain), bool> _callsKept = new();

    private readonly ConcurrentQueue<(string Method, string Grain, object? Argument)> _arguments = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var (method, grain) = (context.InterfaceMethod?.Name ?? "", context.TargetId.Key.ToString() ?? "");
        _counts.AddOrUpdate((method, grain), 1, (_, count) => count + 1);
        if (_callsKept.ContainsKey((method, grain)))
        {
            _arguments.Enqueue((method, grain, context.Request.GetArgumentCount() > 0 ? context.Request.GetArgument(0) : null));
        }

        return context.Invoke();
    }

    /// <summary>How many calls of <paramref name="method"/> the grain keyed <paramref name="grain"/> received.</summary>
    public int Count(string method, string grain) => _counts.GetValueOrDefault((method, grain));

    /// <summary>From now on keeps the first argument of every call of <paramref name="method"/> to the grain keyed <paramref name="grain"/>, for tests about what calls carried.</summary>
    public void KeepArgumentsOf(string method, string grain) => _callsKept[(method, grain)] = true;

    /// <summary>The first arguments of the calls of <paramref name="method"/> to the grain keyed <paramref name="grain"/> since they were kept, in order.</summary>
    public IReadOnlyList<object?> Arguments(string method, string grain) =>
        [.. _arguments.Where(call => call.Method == method && call.Grain == grain).Select(call => call.Argument)];
}

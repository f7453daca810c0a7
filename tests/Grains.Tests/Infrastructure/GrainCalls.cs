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

    /// <summary>Calls held until another call arrives (<see cref="HoldUntilArrives"/>), by the held call.</summary>
    private readonly ConcurrentDictionary<(string Method, string Grain), Hold> _holds = new();

    /// <summary>The calls a hold waits for, by the awaited call.</summary>
    private readonly ConcurrentDictionary<(string Method, string Grain), TaskCompletionSource> _awaited = new();

    private sealed record Hold(TaskCompletionSource Arrived, TimeSpan Bound, TaskCompletionSource<bool> Released);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var (method, grain) = (context.InterfaceMethod?.Name ?? "", context.TargetId.Key.ToString() ?? "");
        _counts.AddOrUpdate((method, grain), 1, (_, count) => count + 1);
        if (_callsKept.ContainsKey((method, grain)))
        {
            _arguments.Enqueue((method, grain, context.Request.GetArgumentCount() > 0 ? context.Request.GetArgument(0) : null));
        }

        if (_awaited.TryRemove((method, grain), out var arrived))
        {
            arrived.TrySetResult();
        }

        return _holds.TryRemove((method, grain), out var hold) ? HeldAsync(context, hold) : context.Invoke();
    }

    /// <summary>
    /// Holds the next call of <paramref name="held"/> until a call of <paramref name="until"/> arrives, or
    /// <paramref name="bound"/> passes: for tests about which calls a flow makes at the same time. The task says
    /// whether the awaited call arrived (true) or the bound let the held one go (false).
    /// </summary>
    public Task<bool> HoldUntilArrives((string Method, string Grain) held, (string Method, string Grain) until, TimeSpan bound)
    {
        var hold = new Hold(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), bound, new TaskCompletionSource<bool>());
        _awaited[until] = hold.Arrived;
        _holds[held] = hold;
        return hold.Released.Task;
    }

    private static async Task HeldAsync(IIncomingGrainCallContext context, Hold hold)
    {
        // Resumes on the grain's scheduler, as every call's filter must.
        await hold.Arrived.Task.WaitAsync(hold.Bound).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        hold.Released.TrySetResult(hold.Arrived.Task.IsCompleted);
        await context.Invoke();
    }

    /// <summary>How many calls of <paramref name="method"/> the grain keyed <paramref name="grain"/> received.</summary>
    public int Count(string method, string grain) => _counts.GetValueOrDefault((method, grain));

    /// <summary>From now on keeps the first argument of every call of <paramref name="method"/> to the grain keyed <paramref name="grain"/>, for tests about what calls carried.</summary>
    public void KeepArgumentsOf(string method, string grain) => _callsKept[(method, grain)] = true;

    /// <summary>The first arguments of the calls of <paramref name="method"/> to the grain keyed <paramref name="grain"/> since they were kept, in order.</summary>
    public IReadOnlyList<object?> Arguments(string method, string grain) =>
        [.. _arguments.Where(call => call.Method == method && call.Grain == grain).Select(call => call.Argument)];
}

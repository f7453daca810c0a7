using System.Collections.Concurrent;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// Gates a test opens: a request held at <c>[[hold:KEY]]</c> or <c>[[title-hold:KEY]]</c> waits until the test calls
/// <see cref="Release"/> with its key (a key released first never holds), so a test can say "while Gemini is still
/// answering" causally rather than by the clock.
/// </summary>
public sealed class EmulatorHolds
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _holding = new(StringComparer.Ordinal);

    /// <summary>Whether a request is waiting at <paramref name="key"/> now.</summary>
    public bool IsHolding(string key) => _holding.GetValueOrDefault(key) > 0;

    public void Release(string key) => Gate(key).TrySetResult();

    internal async Task WaitAsync(string key, CancellationToken cancellationToken)
    {
        _holding.AddOrUpdate(key, 1, (_, n) => n + 1);
        try
        {
            await Gate(key).Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _holding.AddOrUpdate(key, 0, (_, n) => n - 1);
        }
    }

    private TaskCompletionSource Gate(string key) =>
        _gates.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

namespace GeminiClone.Api.Adapters.Twilio;

/// <summary>
/// How long a request waited for Twilio lately (a moving average), and a wait drawn around it for an answer that
/// sends nothing: close enough that the time of an answer does not tell a registered number from an unknown one.
/// </summary>
internal sealed class SendDurations
{
    /// <summary>How much one send moves the average: the last few dozen sends dominate.</summary>
    private const double Weight = 0.05;

    /// <summary>Before any send was timed: about what a request to Twilio's API takes from most places.</summary>
    private double _averageMilliseconds = 250;

    public void Record(TimeSpan waited)
    {
        var milliseconds = waited.TotalMilliseconds;
        double seen, next;
        do
        {
            seen = Volatile.Read(ref _averageMilliseconds);
            next = seen + (Weight * (milliseconds - seen));
        }
        while (Interlocked.CompareExchange(ref _averageMilliseconds, next, seen) != seen);
    }

    /// <summary>The average, spread by ±20 % as real sends spread.</summary>
    public TimeSpan NextImitation() =>
        TimeSpan.FromMilliseconds(Volatile.Read(ref _averageMilliseconds) * (0.8 + (0.4 * Random.Shared.NextDouble())));
}

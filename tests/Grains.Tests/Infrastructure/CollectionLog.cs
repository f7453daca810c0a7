using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Tests.Infrastructure;

/// <summary>
/// What the test silos' Orleans parts said on the way of a forced activation collection (the management grain, its
/// membership refresh, the silo control and the collector), kept for <see cref="ActivationCollection"/> to put in its
/// failure: a collection that stalls before any deactivation begins (an intermittent of fresh-clone CI) says nothing
/// through the grain lifecycle events, and these lines tell how far the call got. Process-wide, like the test silos:
/// with two test clusters running at once, lines of both are kept.
/// </summary>
public static class CollectionLog
{
    private const int Kept = 200;

    /// <summary>The categories on a collection's way (Orleans' logger categories are its type names).</summary>
    private static readonly string[] Categories =
    [
        "Orleans.Runtime.Management.ManagementGrain",
        "Orleans.Runtime.MembershipService.MembershipTableManager",
        "Orleans.Runtime.SiloControl",
        "Orleans.Runtime.ActivationCollector",
    ];

    private static readonly ConcurrentQueue<(DateTimeOffset At, string Line)> Lines = new();

    /// <summary>Keeps the categories above at Debug, whatever the silo's own log level.</summary>
    public static void AddTo(IServiceCollection services) => services.AddLogging(logging =>
    {
        logging.AddProvider(new Provider());
        foreach (var category in Categories)
        {
            logging.AddFilter<Provider>(category, LogLevel.Debug);
        }

        // Every other category: none (a rule naming a category wins over this one).
        logging.AddFilter<Provider>((_, _) => false);
    });

    /// <summary>The lines kept from <paramref name="from"/> on, oldest first.</summary>
    public static IReadOnlyList<string> Since(DateTimeOffset from) =>
        [.. Lines.Where(l => l.At >= from).Select(l => $"{l.At:HH:mm:ss.fff} {l.Line}")];

    private static void Keep(string line)
    {
        Lines.Enqueue((DateTimeOffset.UtcNow, line));
        while (Lines.Count > Kept && Lines.TryDequeue(out _))
        {
        }
    }

    [ProviderAlias("CollectionLog")]
    private sealed class Provider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Keep($"{category[(category.LastIndexOf('.') + 1)..]} {logLevel}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
    }
}

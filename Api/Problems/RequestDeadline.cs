using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Problems;

/// <summary>
/// How long one request may wait for a cluster that does not answer. It starts when the request arrives and is
/// shared by everything that waits on the cluster for it: the token or API key check and its retries, an
/// endpoint's retried reads, a chat turn's watch. Past it the request answers 503 with <c>Retry-After</c> (a
/// <see cref="TimeoutException"/> is "the cluster cannot be reached"), so with no silo left every request is
/// answered within the budget, however many retries it made.
/// </summary>
/// <remarks>
/// It bounds waiting for a cluster that cannot be reached, never work the cluster is doing: a chat turn or a
/// followed turn may run a minute, and each time the cluster answers about it (<see cref="Renew"/>) the budget
/// starts again. Only those long waits renew it; an ordinary read that was answered proves nothing about the next.
/// </remarks>
public sealed class RequestDeadline
{
    private readonly TimeProvider _clock;
    private readonly TimeSpan _budget;
    private long _atTicks;

    public RequestDeadline(TimeProvider clock, TimeSpan budget)
    {
        (_clock, _budget) = (clock, budget);
        _atTicks = (clock.GetUtcNow() + budget).UtcTicks;
    }

    public DateTimeOffset At => new(Interlocked.Read(ref _atTicks), TimeSpan.Zero);

    public TimeSpan Remaining => At - _clock.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    public bool HasPassed => Remaining == TimeSpan.Zero;

    /// <summary>
    /// The cluster has just answered about long work this request waits for (a turn still running): it may wait the
    /// whole budget again from now. Never moves the deadline earlier.
    /// </summary>
    public void Renew()
    {
        var renewed = (_clock.GetUtcNow() + _budget).UtcTicks;
        for (var at = Interlocked.Read(ref _atTicks); at < renewed; at = Interlocked.Read(ref _atTicks))
        {
            if (Interlocked.CompareExchange(ref _atTicks, renewed, at) == at)
            {
                return;
            }
        }
    }

    /// <summary>
    /// <paramref name="call"/>, abandoned with a <see cref="TimeoutException"/> at the deadline (at once when it has
    /// passed). Only for a call whose abandonment is harmless: a read, or one the cluster deduplicates.
    /// </summary>
    public async Task<T> BoundAsync<T>(Task<T> call, CancellationToken cancellationToken = default)
    {
        var left = Remaining;
        if (left == TimeSpan.Zero && !call.IsCompleted)
        {
            throw Spent();
        }

        return await call.WaitAsync(left, _clock, cancellationToken);
    }

    /// <summary>The failure a request answers with once its deadline has passed: the cluster cannot be reached.</summary>
    public static TimeoutException Spent() =>
        new("The cluster did not answer within the request's deadline.");

    /// <summary>This request's deadline, started when it arrived (<see cref="RequestDeadlineMiddleware.UseRequestDeadline"/>).</summary>
    public static RequestDeadline Of(HttpContext context)
    {
        if (context.Features.Get<RequestDeadline>() is { } deadline)
        {
            return deadline;
        }

        // Only a request that skipped the middleware (a test host's own pipeline) gets here: its clock starts now.
        deadline = context.RequestServices.GetRequiredService<RequestDeadlines>().Start();
        context.Features.Set(deadline);
        return deadline;
    }
}

/// <summary>Starts each request's <see cref="RequestDeadline"/> (section <c>RequestDeadline</c>).</summary>
public sealed class RequestDeadlines(TimeProvider clock, IOptions<RequestDeadlineOptions> options)
{
    public RequestDeadline Start() => new(clock, options.Value.Budget);
}

public sealed class RequestDeadlineOptions
{
    public const string Section = "RequestDeadline";

    /// <summary>
    /// How long a request waits for a cluster that does not answer before it is answered 503: short enough that a
    /// client gets its answer within 10 s with room to write it, long enough to ride out a failover (a killed
    /// silo is declared dead and its grains move within about 6 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(9);
}

public static class RequestDeadlineMiddleware
{
    /// <summary>Starts every request's deadline as it arrives, before anything (authentication first) waits on the cluster.</summary>
    public static IApplicationBuilder UseRequestDeadline(this IApplicationBuilder app)
    {
        var deadlines = app.ApplicationServices.GetRequiredService<RequestDeadlines>();
        return app.Use((context, next) =>
        {
            context.Features.Set(deadlines.Start());
            return next(context);
        });
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Audit;

/// <summary>
/// The retention job, on every silo: a while after start and then every few hours, deletes the audit entries older
/// than <see cref="AuditOptions.RetentionDays"/>. Silos running it at once delete the same rows; that is harmless.
/// </summary>
public sealed partial class AuditRetention(IAuditLog log, IOptions<AuditOptions> options, ILogger<AuditRetention> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRun = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Period = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstRun, stoppingToken);
            using var timer = new PeriodicTimer(Period);
            do
            {
                await DeleteExpiredAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeleteExpiredAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (await log.DeleteOlderThanAsync(options.Value.RetentionDays, stoppingToken) is > 0 and var deleted)
            {
                LogDeleted(deleted, options.Value.RetentionDays);
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // The next run tries again; a store that is away now is logged by its own health checks.
            LogFailed(e);
        }
    }

    [LoggerMessage(LogLevel.Information, "Deleted {Count} audit entries older than {Days} days")]
    private partial void LogDeleted(int count, int days);

    [LoggerMessage(LogLevel.Warning, "The audit retention job failed; it runs again later")]
    private partial void LogFailed(Exception exception);
}

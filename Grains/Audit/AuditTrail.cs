using GeminiClone.Grains.Interfaces.Admin;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Audit;

/// <summary>
/// How grains record audit events: the time from the service's clock, the client's address from the request that
/// caused the event (<see cref="CallerAddress"/>), a few safe details. Recorded after the change it describes was
/// stored; if the log cannot be written the change stands (answering an error for something done would only make
/// the client do it again) and the failure is logged as an error with what was not recorded.
/// </summary>
public sealed partial class AuditTrail(IAuditLog log, TimeProvider clock, ILogger<AuditTrail> logger)
{
    public async Task RecordAsync(string kind, string actor, string? subject, params (string Key, string? Value)[] details)
    {
        var entry = new AuditEntry(clock.GetUtcNow(), kind, actor, subject, CallerAddress.Current,
            details.Where(d => d.Value is not null).ToDictionary(d => d.Key, d => d.Value!, StringComparer.Ordinal));
        try
        {
            await log.AppendAsync(entry);
        }
        catch (Exception e)
        {
            LogNotRecorded(e, kind, actor, subject ?? "-");
        }
    }

    [LoggerMessage(LogLevel.Error, "Audit event {Kind} by {Actor} about {Subject} could not be recorded")]
    private partial void LogNotRecorded(Exception exception, string kind, string actor, string subject);
}

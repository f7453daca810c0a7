using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// The reminder table as <see cref="GuardedGrainStorage"/> keeps grain state: an outage leaves it as a
/// <see cref="StorageUnavailableException"/> (one line wherever Orleans logs it; the reminder service retries its reads
/// every few seconds and logged each failure with the driver's stack trace) and is counted in the one outage log.
/// </summary>
public sealed class GuardedReminderTable(IReminderTable inner, StorageOutageLog outages) : IReminderTable
{
    private const string Store = "PostgreSQL";

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => GuardAsync(() => inner.ReadRows(grainId));

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => GuardAsync(() => inner.ReadRows(begin, end));

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => GuardAsync(() => inner.ReadRow(grainId, reminderName));

    public Task<string?> UpsertRow(ReminderEntry entry) => GuardAsync(() => inner.UpsertRow(entry));

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => GuardAsync(() => inner.RemoveRow(grainId, reminderName, eTag));

    public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

    /// <summary>The reminder service retries what fails, so whether a failed write landed does not matter here.</summary>
    private Task<T> GuardAsync<T>(Func<Task<T>> operation) => GuardedGrainStorage.Guard(operation, outages, Store, write: false);

    /// <summary>Wraps the reminder table registered so far (the ADO.NET one in production; memory has no outages).</summary>
    public static void WrapRegisteredTable(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var original = services[i];
            if (original.ServiceType != typeof(IReminderTable) || original.IsKeyedService || original.ImplementationType is null)
            {
                continue;
            }

            services.TryAddSingleton<StorageOutageLog>();
            services[i] = ServiceDescriptor.Singleton<IReminderTable>(provider => new GuardedReminderTable(
                (IReminderTable)ActivatorUtilities.CreateInstance(provider, original.ImplementationType),
                provider.GetRequiredService<StorageOutageLog>()));
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GeminiClone.Grains.Tests.Infrastructure;

/// <summary>
/// What a test holds of its silo's reminder table. Static, as <see cref="ITestClock"/>: the test cluster builds each
/// silo's container itself, from a type. A hold is a task the table's calls wait on until the test completes it.
/// </summary>
public interface IReminderTableHolds
{
    /// <summary>The range reads: what the reminder service's load of its table reads when a silo starts.</summary>
    static abstract TaskCompletionSource TableLoad { get; }

    /// <summary>The reads and writes of single rows: each registration, lookup and removal once the service has loaded.</summary>
    static abstract TaskCompletionSource RowsHeld { get; }

    /// <summary>Half of what Orleans holds a registration: a call that waited on a hold cannot return within this.</summary>
    public static async Task<T> NotHeldAsync<T>(Task<T> call)
    {
        Assert.Same(call, await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(10))));
        return await call;
    }

    public static TaskCompletionSource Held() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static TaskCompletionSource Released()
    {
        var released = Held();
        released.SetResult();
        return released;
    }
}

/// <summary>
/// The silo's reminder table (the in-memory one of <see cref="TestClusters"/>) behind the holds of
/// <typeparamref name="THolds"/>; <see cref="Inner"/> reads it without them.
/// </summary>
public sealed class HeldReminderTable<THolds>(IReminderTable inner) : IReminderTable
    where THolds : IReminderTableHolds
{
    public IReminderTable Inner => inner;

    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        await THolds.TableLoad.Task;
        return await inner.ReadRows(begin, end);
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) => inner.ReadRows(grainId);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        await THolds.RowsHeld.Task;
        return await inner.ReadRow(grainId, reminderName);
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        await THolds.RowsHeld.Task;
        return await inner.UpsertRow(entry);
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        await THolds.RowsHeld.Task;
        return await inner.RemoveRow(grainId, reminderName, eTag);
    }

    public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    /// <summary>Put in front of the table <see cref="TestClusters"/> registered: a silo configurator for <c>DeployAsync</c>.</summary>
    public sealed class InFront : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var table = silo.Services.Last(service => service.ServiceType == typeof(IReminderTable));
            silo.Services.Remove(table);
            silo.Services.AddSingleton<IReminderTable>(provider => new HeldReminderTable<THolds>((IReminderTable)table.ImplementationFactory!(provider)));
        }
    }
}

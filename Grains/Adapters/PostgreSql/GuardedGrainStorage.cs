using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// Wraps a grain storage provider so that an outage leaves it as a <see cref="StorageUnavailableException"/>
/// (serialisable, one line in any log, saying whether a write may have landed) and is logged once per outage by
/// <see cref="StorageOutageLog"/>. It deriving from <see cref="OrleansException"/> also keeps Orleans' state bridge from
/// wrapping it in a message holding the driver's whole stack trace. A version conflict
/// (<see cref="InconsistentStateException"/>) passes unchanged: Orleans deactivates a grain that meets one.
/// </summary>
/// <remarks>
/// Given <see cref="PostgresGrainStateWrites"/> (production), the writes of Orleans' ADO.NET provider go through it, in
/// batches with other grains' writes; reads and clears stay with the provider, which keeps the same rows.
/// </remarks>
public sealed class GuardedGrainStorage(IGrainStorage inner, StorageOutageLog outages, PostgresGrainStateWrites? batchedWrites = null)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _store = inner is AdoNetGrainStorage ? "PostgreSQL" : inner.GetType().Name;

    /// <summary>Where the provider's writes go: the batches when it is Orleans' ADO.NET provider and they are given.</summary>
    private readonly PostgresGrainStateWrites? _batchedWrites = inner is AdoNetGrainStorage ? batchedWrites : null;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        GuardAsync(() => inner.ReadStateAsync(stateName, grainId, grainState), write: false);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        GuardAsync(
            _batchedWrites is { } batched && PostgresGrainStateWrites.Handles(stateName)
                ? () => batched.WriteAsync(stateName, grainId, grainState)
                : () => inner.WriteStateAsync(stateName, grainId, grainState),
            write: true);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        GuardAsync(() => inner.ClearStateAsync(stateName, grainId, grainState), write: true);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private Task GuardAsync(Func<Task> operation, bool write) =>
        Guard(async () => { await operation(); return true; }, outages, _store, write);

    /// <summary>
    /// Runs a store operation so that an outage leaves it as a <see cref="StorageUnavailableException"/> (saying whether
    /// a write may have landed) and is counted in the outage log; a version conflict passes unchanged.
    /// </summary>
    internal static async Task<T> Guard<T>(Func<Task<T>> operation, StorageOutageLog outages, string store, bool write)
    {
        T result;
        try
        {
            result = await operation();
        }
        catch (Exception e) when (e is not (InconsistentStateException or StorageUnavailableException) && StorageFailures.IsOutage(e))
        {
            outages.Failed(store, e);
            var mayHaveLanded = write && StorageFailures.MayHaveLanded(e);
            throw new StorageUnavailableException(
                mayHaveLanded ? $"{store} stopped answering during a write, which may or may not have been stored." : $"{store} is unavailable.",
                mayHaveLanded);
        }

        outages.Succeeded();
        return result;
    }

    /// <summary>
    /// Wraps every named grain storage registered so far. Orleans registers each as a keyed singleton (and, when it
    /// takes part in the silo's lifecycle, resolves it again by key for that), so replacing the keyed registration
    /// with one that wraps the original covers both.
    /// </summary>
    public static void WrapRegisteredProviders(IServiceCollection services)
    {
        services.AddSingleton<StorageOutageLog>();
        for (var i = 0; i < services.Count; i++)
        {
            var original = services[i];
            if (original.ServiceType != typeof(IGrainStorage) || !original.IsKeyedService
                || original.KeyedImplementationType == typeof(GuardedGrainStorage))
            {
                continue;
            }

            services[i] = ServiceDescriptor.KeyedSingleton<IGrainStorage>(original.ServiceKey, (provider, key) =>
                new GuardedGrainStorage(Create(original, provider, key), provider.GetRequiredService<StorageOutageLog>(),
                    provider.GetService<PostgresGrainStateWrites>()));
        }
    }

    private static IGrainStorage Create(ServiceDescriptor original, IServiceProvider provider, object? key) =>
        (IGrainStorage)(original.KeyedImplementationInstance
            ?? original.KeyedImplementationFactory?.Invoke(provider, key)
            ?? ActivatorUtilities.CreateInstance(provider, original.KeyedImplementationType!));
}

using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Runtime.Diagnostics;

namespace GeminiClone.Grains.Tests.Infrastructure;

/// <summary>
/// Deactivates every idle grain of a test cluster, so the next call reloads state from storage. A forced collection
/// waits for each deactivation it starts, so one deactivation that does not finish holds every test that deactivates
/// (two fresh-clone CI runs timed out here after Orleans' 30 s). One still running after <see cref="ReportAfter"/>
/// fails with the activations whose deactivation began and has not ended, as the silo describes them (state, running
/// and queued requests), heard from Orleans' grain lifecycle events: the management grain cannot be asked then, it is
/// busy with the collection itself. It also carries what the Orleans parts on the collection's way logged meanwhile
/// (<see cref="CollectionLog"/>): a collection has stalled before any deactivation began.
/// </summary>
public static class ActivationCollection
{
    /// <summary>Well inside Orleans' 30 s response and deactivation timeouts; a healthy collection takes milliseconds.</summary>
    private static readonly TimeSpan ReportAfter = TimeSpan.FromSeconds(10);

    public static async Task DeactivateAllAsync(IGrainFactory grains)
    {
        var started = DateTimeOffset.UtcNow;
        var deactivating = new ConcurrentDictionary<IGrainContext, string>(ReferenceEqualityComparer.Instance);
        using (GrainLifecycleEvents.AllEvents.Subscribe(new DeactivationWatch(deactivating)))
        {
            var collection = grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            if (await Task.WhenAny(collection, Task.Delay(ReportAfter)) == collection)
            {
                await collection;
                return;
            }

            _ = collection.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            var pending = deactivating.Select(d => $"{Describe(d.Key)} (deactivating: {d.Value})").Order().ToList();
            throw new TimeoutException(
                $"The activation collection had not finished after {ReportAfter.TotalSeconds:0} s; deactivations not ended then " +
                $"({pending.Count}): " + string.Join("; ", pending) +
                $"\nWhat the silos' management, membership, silo control and collector logged since the call:\n" +
                string.Join("\n", CollectionLog.Since(started)));
        }
    }

    /// <summary>The silo's own detailed description of an activation (internal to Orleans, so found by name); else its summary.</summary>
    private static string Describe(IGrainContext activation)
    {
        var detailed = activation.GetType().GetMethod("ToDetailedString", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, [typeof(bool)]);
        return detailed?.Invoke(activation, [true]) as string ?? activation.ToString() ?? activation.GrainId.ToString();
    }

    private sealed class DeactivationWatch(ConcurrentDictionary<IGrainContext, string> deactivating) : IObserver<GrainLifecycleEvents.LifecycleEvent>
    {
        public void OnNext(GrainLifecycleEvents.LifecycleEvent value)
        {
            switch (value)
            {
                case GrainLifecycleEvents.Deactivating started:
                    deactivating[started.GrainContext] = started.Reason.ToString();
                    break;
                case GrainLifecycleEvents.Deactivated ended:
                    deactivating.TryRemove(ended.GrainContext, out _);
                    break;
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}

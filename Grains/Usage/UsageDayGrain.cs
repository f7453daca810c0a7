using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace GeminiClone.Grains.Usage;

/// <summary>A day of the whole service as stored: figures by model, and each user's cost and turns.</summary>
[GenerateSerializer, Alias("GeminiClone.Usage.UsageDayState")]
public sealed class UsageDayState
{
    [Id(0)] public Dictionary<string, UsageFigures> Models { get; set; } = [];

    [Id(1)] public Dictionary<string, UserCost> Users { get; set; } = [];
}

/// <summary>
/// One UTC day of the whole service (<see cref="IUsageDayGrain"/>). Every turn of the day reaches here, in each silo's
/// tally (<see cref="UsageDayTally"/>), so it adds in memory and writes at most once per
/// <see cref="UsageOptions.ServiceFlushInterval"/> (and when it goes idle): a write per turn would be the state of
/// every user of the day, every turn. The price is that a silo dying
/// loses up to that interval of service-wide figures; each user's own figures, written before any of this, do not.
/// </summary>
public sealed partial class UsageDayGrain(
    [PersistentState("usageDay", StorageNames.Usage)] IPersistentState<UsageDayState> day,
    IOptions<UsageOptions> options,
    ILogger<UsageDayGrain> logger)
    : Grain, IUsageDayGrain
{
    private bool _dirty;
    private IGrainTimer? _flush;

    private UsageDayState State => day.State;

    public Task AddAsync(UsageDayEntry entry)
    {
        Add(entry);
        return Task.CompletedTask;
    }

    public Task AddManyAsync(IReadOnlyList<UsageDayEntry> entries)
    {
        foreach (var entry in entries)
        {
            Add(entry);
        }

        return Task.CompletedTask;
    }

    public async Task ForgetUserAsync(string userId)
    {
        if (State.Users.Remove(userId))
        {
            _dirty = true;
            // At once: an erasure must not wait for the next flush, and the caller retries until it is written.
            await FlushAsync(CancellationToken.None);
            if (_dirty)
            {
                throw new InvalidOperationException($"Usage of day {this.GetPrimaryKeyString()} could not be written.");
            }
        }
    }

    public Task<ServiceUsageDay> GetAsync() => Task.FromResult(new ServiceUsageDay(
        DateOnly.ParseExact(this.GetPrimaryKeyString(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        [.. State.Models.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new ModelUsage(m.Key, m.Value))],
        [.. State.Users.Values.OrderByDescending(u => u.Cost).ThenBy(u => u.UserId, StringComparer.Ordinal)]));

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    private void Add(UsageDayEntry entry)
    {
        State.Models[entry.Model] = State.Models.TryGetValue(entry.Model, out var model) ? model.Add(entry.Figures) : entry.Figures;
        var user = State.Users.GetValueOrDefault(entry.UserId) ?? new UserCost(entry.UserId, 0m, 0);
        State.Users[entry.UserId] = user with { Cost = user.Cost + entry.Figures.Cost, Turns = user.Turns + entry.Figures.Turns };
        _dirty = true;
        var every = options.Value.ServiceFlushInterval;
        _flush ??= this.RegisterGrainTimer(FlushAsync, every, every);
    }

    /// <summary>Writes what was added since the last write; a failure keeps it for the next tick.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        try
        {
            _dirty = false;
            await day.WriteStateAsync(cancellationToken);
        }
        catch (InconsistentStateException e)
        {
            // Another activation wrote the day (a silo thought dead came back): what storage holds wins, and what
            // this one added since its last write is lost (at most one interval of turns).
            LogFlushConflict(e, this.GetPrimaryKeyString());
            DeactivateOnIdle();
        }
        catch (Exception e)
        {
            _dirty = true;
            LogFlushFailed(e, this.GetPrimaryKeyString());
        }
    }

    [LoggerMessage(LogLevel.Error, "Service-wide usage of {Day} was written by another activation; this one's unwritten figures are dropped")]
    private partial void LogFlushConflict(Exception exception, string day);

    [LoggerMessage(LogLevel.Warning, "Service-wide usage of {Day} could not be written; it is kept in memory and tried again")]
    private partial void LogFlushFailed(Exception exception, string day);
}

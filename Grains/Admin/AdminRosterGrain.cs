using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Persistence;

namespace GeminiClone.Grains.Admin;

[GenerateSerializer, Alias("GeminiClone.Admin.AdminRosterState")]
public sealed class AdminRosterState
{
    [Id(0)] public HashSet<string> Admins { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Who holds the admin role (key 0). One activation takes one call at a time, so two operators taking each other's
/// role at once cannot both succeed and leave nobody: the second finds the first already gone.
/// </summary>
public sealed class AdminRosterGrain(
    [PersistentState("adminRoster", StorageNames.Users)] IPersistentState<AdminRosterState> roster)
    : Grain, IAdminRosterGrain
{
    private HashSet<string> Admins => roster.State.Admins;

    public async Task AddAsync(string userId)
    {
        if (Admins.Add(userId))
        {
            await roster.WriteStateAsync();
        }
    }

    public async Task<bool> TryRemoveAsync(string userId)
    {
        if (!Admins.Contains(userId))
        {
            return true;
        }

        if (Admins.Count <= 1)
        {
            return false;
        }

        Admins.Remove(userId);
        await roster.WriteStateAsync();
        return true;
    }

    public async Task RemoveAsync(string userId)
    {
        if (Admins.Remove(userId))
        {
            await roster.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> GetAdminsAsync() => Task.FromResult<IReadOnlyList<string>>([.. Admins.Order(StringComparer.Ordinal)]);
}

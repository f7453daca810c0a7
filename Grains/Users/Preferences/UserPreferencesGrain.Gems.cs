using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users.Preferences;

namespace GeminiClone.Grains.Users.Preferences;

/// <summary>
/// Gems: saved assistants, all of a user's in one record, so the limit is exact (writes do not interleave) and a
/// list or a turn's lookup is a read of memory. They change rarely and are small, so rewriting the record is cheap.
/// </summary>
public sealed partial class UserPreferencesGrain
{
    public Task<IReadOnlyList<Gem>> ListGemsAsync() =>
        Task.FromResult<IReadOnlyList<Gem>>([.. gems.State.Gems.Values.OrderByDescending(g => g.CreatedAt).ThenByDescending(g => g.Id, StringComparer.Ordinal)]);

    public Task<Gem?> GetGemAsync(string gemId) => Task.FromResult(gems.State.Gems.GetValueOrDefault(gemId));

    public async Task<GemResult> CreateGemAsync(string gemId, GemDraft draft)
    {
        if (gems.State.Gems.TryGetValue(gemId, out var made))
        {
            // The gateway's retry of a create that was stored.
            return new GemResult(PreferencesStatus.Saved, made);
        }

        var max = gemOptions.Value.MaxPerUser;
        if (gems.State.Gems.Count >= max)
        {
            return new GemResult(PreferencesStatus.TooManyGems, null,
                Detail: $"You have {max} Gems, as many as allowed; delete one you no longer use to create another.");
        }

        var chosen = new ChatroomSettings(draft.Model, null, null, false) { Tools = draft.Tools };
        if (await CheckAsync(chosen, "model", "tools", choosingModel: true, choosingTools: true) is { } refused)
        {
            return new GemResult(refused.Status, null, refused.Field, refused.Detail);
        }

        var now = clock.GetUtcNow();
        var gem = new Gem(gemId, draft.Name, draft.Description, draft.Instructions, draft.Model, draft.Tools, now, now);
        await WriteGemsAsync(all => all[gemId] = gem);
        return new GemResult(PreferencesStatus.Saved, gem);
    }

    public async Task<GemResult> ChangeGemAsync(string gemId, GemChange change)
    {
        if (!gems.State.Gems.TryGetValue(gemId, out var gem))
        {
            return new GemResult(PreferencesStatus.NotFound, null);
        }

        var model = change.Model is null ? gem.Model : EmptyAsNull(change.Model);
        var tools = change.Tools ?? gem.Tools;
        var chosen = new ChatroomSettings(model, null, null, false) { Tools = tools };
        if (await CheckAsync(chosen, "model", "tools", choosingModel: change.Model is not null, choosingTools: change.Tools is not null) is { } refused)
        {
            return new GemResult(refused.Status, null, refused.Field, refused.Detail);
        }

        var changed = gem with
        {
            Name = change.Name ?? gem.Name,
            Description = change.Description is null ? gem.Description : EmptyAsNull(change.Description),
            Instructions = change.Instructions ?? gem.Instructions,
            Model = model,
            Tools = tools,
            UpdatedAt = clock.GetUtcNow(),
        };
        await WriteGemsAsync(all => all[gemId] = changed);
        return new GemResult(PreferencesStatus.Saved, changed);
    }

    public async Task<bool> DeleteGemAsync(string gemId)
    {
        if (!gems.State.Gems.ContainsKey(gemId))
        {
            return false;
        }

        await WriteGemsAsync(all => all.Remove(gemId));
        return true;
    }

    /// <summary>
    /// Writes the Gems as <paramref name="change"/> leaves them. The change is made to a new dictionary that replaces
    /// the old one at once, so a read interleaving with the write never sees half a change, and the old one comes
    /// back if the write fails.
    /// </summary>
    private async Task WriteGemsAsync(Action<Dictionary<string, Gem>> change)
    {
        await ChangeAsync(async () =>
        {
            var before = gems.State.Gems;
            var after = new Dictionary<string, Gem>(before, StringComparer.Ordinal);
            change(after);
            gems.State.Gems = after;
            try
            {
                await gems.WriteStateAsync();
            }
            catch
            {
                gems.State.Gems = before;
                throw;
            }
        });
    }

    private static string? EmptyAsNull(string value) => value.Length > 0 ? value : null;
}

using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Interfaces.Users.Preferences;
using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Users.Preferences;

/// <summary>
/// A user's preferences about the assistant, and their Gems (<c>UserPreferencesGrain.Gems.cs</c>): two records of
/// one grain. They live together because every turn needs both (the user's instructions and its chatroom's Gem as
/// it is now) and so asks once; they are written apart because they change apart. Reads interleave with everything
/// and serve memory, so a turn reading here never waits behind a change; a failed write puts memory back as stored.
/// The state names are the rows' <c>grain_type</c> in PostgreSQL's <c>grain_state</c>, beside every other grain's
/// rows for the same user id, so they name this grain's records alone.
/// </summary>
public sealed partial class UserPreferencesGrain(
    [PersistentState("userPreferences", StorageNames.Preferences)] IPersistentState<UserPreferencesState> preferences,
    [PersistentState("userGems", StorageNames.Preferences)] IPersistentState<UserGemsState> gems,
    GeminiModelCatalog models,
    IOptions<GemOptions> gemOptions,
    TimeProvider clock,
    ILogger<UserPreferencesGrain> logger)
    : Grain, IUserPreferencesGrain
{
    private string UserId => this.GetPrimaryKeyString();

    public Task<UserPreferences> GetPreferencesAsync() =>
        Task.FromResult(preferences.RecordExists ? preferences.State.ToPreferences() : UserPreferences.Default);

    public async Task<PreferencesResult> SetPreferencesAsync(string instructions, string? defaultModel, ChatTools defaultTools)
    {
        var defaults = new ChatroomSettings(defaultModel, null, null, false) { Tools = defaultTools };
        if (await CheckAsync(defaults, "defaultModel", "defaultTools", choosingModel: true, choosingTools: true) is { } refused)
        {
            return new PreferencesResult(refused.Status, null, refused.Field, refused.Detail);
        }

        await ChangeAsync(async () =>
        {
            var before = preferences.State;
            preferences.State = new UserPreferencesState
            {
                Instructions = instructions, DefaultModel = defaultModel, DefaultTools = defaultTools, UpdatedAt = clock.GetUtcNow(),
            };
            try
            {
                await preferences.WriteStateAsync();
            }
            catch
            {
                preferences.State = before;
                throw;
            }
        });

        return new PreferencesResult(PreferencesStatus.Saved, preferences.State.ToPreferences());
    }

    public Task<TurnPreferences> GetForTurnAsync(string? gemId) => Task.FromResult(new TurnPreferences(
        preferences.State.Instructions,
        gemId is not null && gems.State.Gems.TryGetValue(gemId, out var gem) ? gem.ToSettings() : null)
    {
        Version = VersionToKeep,
    });

    public async Task EraseAsync()
    {
        await ChangeAsync(async () =>
        {
            if (preferences.RecordExists)
            {
                await preferences.ClearStateAsync();
            }

            if (gems.RecordExists)
            {
                await gems.ClearStateAsync();
            }

            preferences.State = new UserPreferencesState();
            gems.State = new UserGemsState();
        });
        DeactivateOnIdle();
    }

    /// <summary>
    /// Refuses a model or tools as a chatroom's settings are refused (the same rules, <see cref="GeminiModelCatalog.CheckChoice"/>);
    /// the user's plan is asked only when there is a model or a tool to judge.
    /// </summary>
    private async Task<(PreferencesStatus Status, string Field, string Detail)?> CheckAsync(
        ChatroomSettings settings, string modelField, string toolsField, bool choosingModel, bool choosingTools)
    {
        UserTier? tier = (choosingModel && settings.Model is not null) || (choosingTools && settings.Tools != ChatTools.None)
            ? (await GrainFactory.GetGrain<IUserGrain>(UserId).GetProfileAsync())?.Tier ?? UserTier.Basic
            : null;
        if (models.CheckChoice(settings, tier, choosingModel, choosingTools, modelField, toolsField) is not { } refused)
        {
            return null;
        }

        var status = refused.Kind switch
        {
            GeminiModelCatalog.ChoiceRefusalKind.NotOnPlan => PreferencesStatus.NotOnPlan,
            GeminiModelCatalog.ChoiceRefusalKind.Unsupported => PreferencesStatus.Unsupported,
            _ => PreferencesStatus.Invalid,
        };
        return (status, refused.Field, refused.Detail);
    }
}

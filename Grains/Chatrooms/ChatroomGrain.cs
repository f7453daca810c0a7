using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// One conversation. Sends run one at a time (turn order is the order they arrive); reads interleave with a send
/// that waits on Gemini and see what storage last accepted. Retention (deleting it after a time without activity)
/// is in <c>ChatroomGrain.Retention.cs</c>, attachments in <c>ChatroomGrain.Attachments.cs</c>, turns in
/// <c>ChatroomGrain.Turns.cs</c>, following and stopping one in <c>ChatroomGrain.TurnControl.cs</c>, and the calls of the
/// previous release's gateways in <c>ChatroomGrain.LegacyTurns.cs</c>.
/// </summary>
public sealed partial class ChatroomGrain(
    [PersistentState(StorageNames.ChatroomState, StorageNames.Chatrooms)] IPersistentState<ChatroomState> chatroom,
    TurnServices turnServices,
    ChatroomStores stores,
    IOptions<ChatroomOptions> chatroomOptions,
    TimeProvider clock,
    ILogger<ChatroomGrain> logger)
    : Grain, IChatroomGrain
{
    private ChatHistory _history = null!;
    private TurnRunner _turns = null!;
    private ChatroomSearchProjection _search = null!;

    /// <summary>The turns sent and not yet ended: one running (sends do not interleave), the others waiting.</summary>
    private TurnsInFlight _inFlight = null!;

    private readonly EndedTurns _ended = new();

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _history = new ChatHistory(chatroom, GrainFactory, Id);
        _turns = turnServices.RunnerFor(Id, _history, GrainFactory);
        _search = new ChatroomSearchProjection(stores.SearchIndex, _history, Id, logger);
        _inFlight = new TurnsInFlight(clock);
        _retention = new RetentionSchedule(chatroomOptions.Value);
        // Chatrooms stored before retention was turned on schedule themselves the first time they wake.
        return TryScheduleRetentionAsync();
    }

    public async Task<CreateChatroomResult> CreateAsync(string ownerId, string title)
    {
        var result = await CreateAsync(ownerId, new ChatroomChange(Title: title));
        return new CreateChatroomResult(
            result.Status == ChatroomChangeStatus.Changed ? CreateChatroomStatus.Created : CreateChatroomStatus.TooManyChatrooms,
            result.Chatroom);
    }

    public async Task<ChatroomChangeResult> CreateAsync(string ownerId, ChatroomChange initial)
    {
        if (_history.Current is not null)
        {
            throw new InvalidOperationException($"Chatroom {Id} already exists.");
        }

        var settings = ChatroomSettings.Default.With(initial, turnServices.Models);
        if (await CheckAsync(ownerId, settings, choosingModel: initial.Model is not null, choosingTools: initial.Tools is not null) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var state = new ChatroomState
        {
            OwnerId = ownerId, Title = initial.Title ?? ChatroomLimits.DefaultTitle, CreatedAt = now, UpdatedAt = now,
            Settings = settings == ChatroomSettings.Default ? null : settings,
        };
        // The owner's list is the gate (it caps how many chatrooms a user has), so it is asked first.
        if (!await Owner(ownerId).AddChatroomAsync(ChatroomView.Of(Id, state).ToSummary()))
        {
            return new ChatroomChangeResult(ChatroomChangeStatus.TooManyChatrooms, null);
        }

        try
        {
            await _history.CreateAsync(state);
        }
        catch
        {
            await Owner(ownerId).RemoveChatroomAsync(Id);
            throw;
        }

        await _search.TitleChangedAsync();
        await TryScheduleRetentionAsync();
        return new ChatroomChangeResult(ChatroomChangeStatus.Changed, _history.Current!.ToDetails());
    }

    public async Task<ChatroomPage?> GetPageAsync(string requesterId, int? before, int limit)
    {
        if (OwnedBy(requesterId) is not { } view)
        {
            return null;
        }

        var end = Math.Clamp(before ?? view.MessageCount, 0, view.MessageCount);
        var start = Math.Max(0, end - Math.Max(0, limit));
        var messages = await _history.ReadAsync(view, start, end);
        return new ChatroomPage(view.ToDetails(), messages, start, HasOlder: start > 0)
        {
            Generating = _inFlight.Running?.Progress(),
            Attachments = view.Attachments.IsEmpty ? null : view.Attachments,
        };
    }

    public async Task<ChatroomDetails?> RenameAsync(string requesterId, string title) =>
        (await ChangeAsync(requesterId, new ChatroomChange(Title: title))).Chatroom;

    public async Task<ChatroomChangeResult> ChangeAsync(string requesterId, ChatroomChange change)
    {
        await _history.RefreshIfStaleAsync();
        if (OwnedBy(requesterId) is not { } view)
        {
            return new ChatroomChangeResult(ChatroomChangeStatus.NotFound, null);
        }

        var settings = view.Settings.With(change, turnServices.Models);
        if (await CheckAsync(requesterId, settings, choosingModel: change.Model is not null, choosingTools: change.Tools is not null) is { } invalid)
        {
            return invalid;
        }

        var live = _history.Live;
        live.Title = change.Title ?? view.Title;
        live.Settings = settings == ChatroomSettings.Default ? null : settings;
        live.UpdatedAt = clock.GetUtcNow();
        await _history.CommitAsync();
        var changed = _history.Current!;
        await Owner(requesterId).UpdateChatroomAsync(changed.ToSummary());
        if (changed.Title != view.Title)
        {
            await _search.TitleChangedAsync();
        }

        return new ChatroomChangeResult(ChatroomChangeStatus.Changed, changed.ToDetails());
    }

    public async Task<bool> DeleteAsync(string requesterId)
    {
        await _history.RefreshIfStaleAsync();
        if (OwnedBy(requesterId) is not { } view)
        {
            return false;
        }

        await DeleteAsync(view, updateOwnersList: true);
        return true;
    }

    public async Task EraseAsync(string ownerId)
    {
        if (OwnedBy(ownerId) is { } view)
        {
            await DeleteAsync(view, updateOwnersList: false);
        }
    }

    /// <summary>
    /// Its share links first (<c>ChatroomGrain.Shares.cs</c>), then the chatroom, its pages, its search rows, its
    /// reminder, and (unless the owner's grain is the one erasing) its entry in the owner's list.
    /// </summary>
    private async Task DeleteAsync(ChatroomView view, bool updateOwnersList)
    {
        await RevokeSharesAsync(view);
        await _history.DeleteAsync();
        if (updateOwnersList)
        {
            await Owner(view.OwnerId).RemoveChatroomAsync(Id);
        }

        await _search.RemoveAsync();
        await UnscheduleRetentionAsync(view);
        if (!view.Attachments.IsEmpty)
        {
            await RemoveAttachmentBytesAsync();
        }

        DeactivateOnIdle();
    }

    public async Task<int> RebuildSearchAsync()
    {
        var indexed = await _search.RebuildAsync();
        if (_history.Current is null)
        {
            DeactivateOnIdle();
        }

        return indexed;
    }

    private ChatroomView? OwnedBy(string requesterId) =>
        _history.Current is { } view && view.OwnerId == requesterId ? view : null;

    /// <summary>
    /// Refuses settings the model or the owner's plan does not allow. The plan is asked only when a model or tools
    /// are being chosen: renaming a chatroom whose Pro model the owner lost with a downgrade must still work. Tools
    /// must suit the model whenever either changes (a turn would fail later); their plan only when they are chosen.
    /// </summary>
    private async Task<ChatroomChangeResult?> CheckAsync(string ownerId, ChatroomSettings settings, bool choosingModel, bool choosingTools)
    {
        UserTier? tier = (choosingModel && settings.Model is not null) || (choosingTools && settings.Tools != ChatTools.None)
            ? (await Owner(ownerId).GetProfileAsync())?.Tier ?? UserTier.Basic
            : null;
        var models = turnServices.Models;
        if (models.Check(settings, choosingModel ? tier : null) is { } error)
        {
            return new ChatroomChangeResult(ChatroomChangeStatus.Invalid, null, error.Field, error.Detail);
        }

        var model = models.Find(settings.Model) ?? models.Default;
        return (choosingModel || choosingTools) && models.CheckTools(settings.Tools, model, choosingTools ? tier : null) is { } refused
            ? new ChatroomChangeResult(
                refused.Refusal == GeminiModelCatalog.ToolRefusal.NotOnPlan ? ChatroomChangeStatus.NotOnPlan : ChatroomChangeStatus.Unsupported,
                null, "tools", refused.Detail)
            : null;
    }

    private IUserGrain Owner(string userId) => GrainFactory.GetGrain<IUserGrain>(userId);
}

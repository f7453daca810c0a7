using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// One conversation. Sends run one at a time (turn order is the order they arrive); reads interleave with a send
/// that waits on Gemini and see what storage last accepted. Retention (deleting it after a time without activity)
/// is in <c>ChatroomGrain.Retention.cs</c>, pins, archive and folders in <c>ChatroomGrain.Organising.cs</c>,
/// attachments in <c>ChatroomGrain.Attachments.cs</c>, turns in
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
        ScheduleRetentionBesideRequests();
        return Task.CompletedTask;
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

        if (await StartingPointAsync(ownerId, initial) is not { } start)
        {
            return new ChatroomChangeResult(ChatroomChangeStatus.GemNotFound, null, "gemId", "Gem not found.");
        }

        var settings = ChatroomSettings.Default.With(start.Change, turnServices.Models);
        if (await CheckAsync(ownerId, settings, start.Gem, choosingModel: initial.Model is not null, choosingTools: initial.Tools is not null) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var state = new ChatroomState
        {
            OwnerId = ownerId, Title = initial.Title ?? ChatroomLimits.DefaultTitle, TitleChosen = initial.Title is not null,
            CreatedAt = now, UpdatedAt = now,
            Settings = settings == ChatroomSettings.Default ? null : settings, Gem = start.Gem, Temporary = initial.Temporary == true,
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
        ScheduleRetentionBesideRequests();
        return new ChatroomChangeResult(ChatroomChangeStatus.Changed, _history.Current!.ToDetails());
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
        if (await CheckAsync(requesterId, settings, view.Gem, choosingModel: change.Model is not null, choosingTools: change.Tools is not null) is { } invalid)
        {
            return invalid;
        }

        if (await CheckOrganisingAsync(requesterId, change) is { } refused)
        {
            return refused;
        }

        var live = _history.Live;
        live.Title = change.Title ?? view.Title;
        // A title the owner names is theirs from now on: the model's never replaces it on its own.
        live.TitleChosen = change.Title is not null || view.TitleChosen;
        live.Settings = settings == ChatroomSettings.Default ? null : settings;
        if (!change.OnlyOrganises())
        {
            live.UpdatedAt = clock.GetUtcNow();
        }

        live.Organise(change);
        await _history.CommitAsync();
        var changed = _history.Current!;
        await Owner(requesterId).UpdateChatroomAsync(changed.ToSummary());
        if (changed.Title != view.Title)
        {
            await _search.TitleChangedAsync();
        }

        return new ChatroomChangeResult(ChatroomChangeStatus.Changed, await DetailsAsync(changed));
    }

    public async Task<bool> DeleteAsync(string requesterId)
    {
        await _history.RefreshIfStaleAsync();
        if (OwnedBy(requesterId) is not { } view)
        {
            // Still 404, but an entry of the caller's list that names no chatroom (a deletion interrupted after the
            // chatroom went, or one made by a silo of the previous release during an upgrade) goes with it.
            await Owner(requesterId).RemoveChatroomAsync(Id);
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
        if (!view.Attachments.IsEmpty)
        {
            await RemoveAttachmentBytesAsync();
        }

        UnscheduleRetentionThenDeactivate(view);
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
    /// Refuses settings the model or the owner's plan does not allow (<see cref="GeminiModelCatalog.CheckChoice"/>).
    /// The plan is asked only when a model or tools are being chosen: renaming a chatroom whose Pro model the owner
    /// lost with a downgrade must still work. A chatroom without a model of its own is judged with its Gem's (a
    /// thinking level must suit the model its turns use); its Gem's tools are not judged here, its turns use those the model takes.
    /// </summary>
    private async Task<ChatroomChangeResult?> CheckAsync(
        string ownerId, ChatroomSettings settings, GemSettings? gem, bool choosingModel, bool choosingTools)
    {
        UserTier? tier = (choosingModel && settings.Model is not null) || (choosingTools && settings.Tools != ChatTools.None)
            ? (await Owner(ownerId).GetProfileAsync())?.Tier ?? UserTier.Basic
            : null;
        var judged = settings with { Model = settings.Model ?? gem?.Model };
        if (turnServices.Models.CheckChoice(judged, tier, choosingModel, choosingTools) is not { } refused)
        {
            return null;
        }

        var status = refused.Kind switch
        {
            GeminiModelCatalog.ChoiceRefusalKind.NotOnPlan => ChatroomChangeStatus.NotOnPlan,
            GeminiModelCatalog.ChoiceRefusalKind.Unsupported => ChatroomChangeStatus.Unsupported,
            _ => ChatroomChangeStatus.Invalid,
        };
        return new ChatroomChangeResult(status, null, refused.Field, refused.Detail);
    }

    private IUserGrain Owner(string userId) => GrainFactory.GetGrain<IUserGrain>(userId);
}

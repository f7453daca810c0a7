using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Chatrooms;

public sealed partial class ChatroomGrain(
    [PersistentState("chatroom", StorageNames.Chatrooms)] IPersistentState<ChatroomState> chatroom,
    GeminiAsker gemini,
    GeminiModelCatalog models,
    IOptions<GeminiOptions> geminiOptions,
    TimeProvider clock,
    ILogger<ChatroomGrain> logger)
    : Grain, IChatroomGrain
{
    public const string QuotaExceededMessage = "Daily message limit reached. Upgrade to Pro for unlimited access.";

    private const int P = ChatroomState.PageSize;

    /// <summary>What storage last accepted; null while the chatroom does not exist.</summary>
    private ChatroomView? _view;

    /// <summary>The request whose turn is running now (sends do not interleave, so there is at most one).</summary>
    private Guid? _runningRequest;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _view = chatroom.RecordExists ? ChatroomView.Of(Id, chatroom.State) : null;
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
        if (_view is not null)
        {
            throw new InvalidOperationException($"Chatroom {Id} already exists.");
        }

        var settings = Apply(ChatroomSettings.Default, initial);
        if (await CheckAsync(ownerId, settings, choosingModel: initial.Model is not null) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var state = new ChatroomState
        {
            OwnerId = ownerId, Title = initial.Title ?? ChatroomOptions.DefaultTitle, CreatedAt = now, UpdatedAt = now,
            Settings = settings == ChatroomSettings.Default ? null : settings,
        };
        var view = ChatroomView.Of(Id, state);
        // The owner's list is the gate (it caps how many chatrooms a user has), so it is asked first.
        if (!await Owner(ownerId).AddChatroomAsync(view.ToSummary()))
        {
            return new ChatroomChangeResult(ChatroomChangeStatus.TooManyChatrooms, null);
        }

        chatroom.State = state;
        try
        {
            await chatroom.WriteStateAsync();
        }
        catch
        {
            chatroom.State = new ChatroomState();
            await Owner(ownerId).RemoveChatroomAsync(Id);
            throw;
        }

        _view = view;
        return new ChatroomChangeResult(ChatroomChangeStatus.Changed, view.ToDetails());
    }

    public async Task<ChatroomPage?> GetPageAsync(string requesterId, int? before, int limit)
    {
        if (_view is not { } view || view.OwnerId != requesterId)
        {
            return null;
        }

        var end = Math.Clamp(before ?? view.MessageCount, 0, view.MessageCount);
        var start = Math.Max(0, end - Math.Max(0, limit));
        var messages = await ReadRangeAsync(view, start, end);
        return new ChatroomPage(view.ToDetails(), messages, start, HasOlder: start > 0);
    }

    public async Task<ChatroomDetails?> RenameAsync(string requesterId, string title) =>
        (await ChangeAsync(requesterId, new ChatroomChange(Title: title))).Chatroom;

    public async Task<ChatroomChangeResult> ChangeAsync(string requesterId, ChatroomChange change)
    {
        if (_view is not { } view || view.OwnerId != requesterId)
        {
            return new ChatroomChangeResult(ChatroomChangeStatus.NotFound, null);
        }

        var settings = Apply(view.Settings, change);
        if (await CheckAsync(requesterId, settings, choosingModel: change.Model is not null) is { } invalid)
        {
            return invalid;
        }

        chatroom.State.Title = change.Title ?? view.Title;
        chatroom.State.Settings = settings == ChatroomSettings.Default ? null : settings;
        chatroom.State.UpdatedAt = clock.GetUtcNow();
        await CommitAsync();
        await Owner(requesterId).UpdateChatroomAsync(_view!.ToSummary());
        return new ChatroomChangeResult(ChatroomChangeStatus.Changed, _view.ToDetails());
    }

    public async Task<bool> DeleteAsync(string requesterId)
    {
        if (_view is not { } view || view.OwnerId != requesterId)
        {
            return false;
        }

        await chatroom.ClearStateAsync();
        _view = null;
        await Task.WhenAll(Enumerable.Range(0, view.SealedPages).Select(page => Page(page).ClearAsync()));
        await Owner(requesterId).RemoveChatroomAsync(Id);
        DeactivateOnIdle();
        return true;
    }

    public Task<ChatTurnResult> SendMessageAsync(string requesterId, string text, IChatStreamObserver? observer) =>
        SendMessageAsync(requesterId, new ChatTurnRequest(text), observer);

    public Task<TurnActivity> GetTurnActivityAsync(Guid requestId) => Task.FromResult(
        _runningRequest is not { } running ? TurnActivity.Idle : running == requestId ? TurnActivity.Running : TurnActivity.Busy);

    public async Task<ChatTurnResult> SendMessageAsync(string requesterId, ChatTurnRequest request, IChatStreamObserver? observer)
    {
        _runningRequest = request.RequestId;
        try
        {
            return await RunTurnAsync(requesterId, request, observer);
        }
        finally
        {
            _runningRequest = null;
        }
    }

    /// <summary>Reserve a quota slot → ask Gemini → store question and answer together → commit the slot and report.</summary>
    private async Task<ChatTurnResult> RunTurnAsync(string requesterId, ChatTurnRequest request, IChatStreamObserver? observer)
    {
        if (_view is not { } view || view.OwnerId != requesterId)
        {
            return new ChatTurnResult(ChatTurnStatus.NotFound, Detail: "Chatroom not found.");
        }

        if (!geminiOptions.Value.IsConfigured)
        {
            return new ChatTurnResult(ChatTurnStatus.GeminiNotConfigured, Detail: "Gemini is not configured.");
        }

        var owner = Owner(requesterId);
        var slot = await owner.ReserveMessageSlotAsync();
        if (!slot.Granted)
        {
            return new ChatTurnResult(ChatTurnStatus.QuotaExceeded, Quota: slot.Quota, Detail: QuotaExceededMessage);
        }

        var asked = new StoredMessage(MessageRole.User, request.Text, clock.GetUtcNow());
        GeminiReply reply;
        try
        {
            reply = await gemini.AskAsync(view.Recent, asked, view.Settings, slot.Tier,
                request.IncludeThoughts ?? view.Settings.IncludeThoughts, observer);
        }
        catch (Exception e)
        {
            // Nothing was stored, so the turn costs nothing.
            var quotaAfter = await owner.ReleaseMessageSlotAsync(slot.ReservationId);
            if (GeminiFailures.Classify(e) is not { } failure)
            {
                throw;
            }

            LogTurnFailed(e, Id, failure.Status);
            return new ChatTurnResult(failure.Status, Quota: quotaAfter, Detail: failure.Detail)
            {
                BlockReason = failure.BlockReason,
                RetryAfter = failure.RetryAfter,
            };
        }

        if (reply.RetiredModel is not null)
        {
            // The chatroom follows its model's replacement, in the same write as the turn.
            chatroom.State.Settings = view.Settings with { Model = reply.Model, ThinkingLevel = null };
        }

        try
        {
            await AppendTurnAsync(asked, reply.Message);
        }
        catch (Exception e)
        {
            var quotaAfter = await owner.ReleaseMessageSlotAsync(slot.ReservationId);
            LogTurnFailed(e, Id, ChatTurnStatus.StorageUnavailable);
            return new ChatTurnResult(ChatTurnStatus.StorageUnavailable, Quota: quotaAfter,
                Detail: "The conversation could not be saved, so nothing was stored; try again.");
        }

        QuotaSnapshot quota;
        try
        {
            quota = await owner.CompleteMessageAsync(slot.ReservationId, _view!.ToSummary(), reply.Message.Usage);
        }
        catch (Exception e)
        {
            // The turn is stored and acknowledged; the user's count will catch up when the held slot lapses.
            LogQuotaCommitFailed(e, Id);
            quota = slot.Quota;
        }

        return new ChatTurnResult(ChatTurnStatus.Replied, asked, reply.Message, reply.Message.Usage, quota) { Notice = reply.Notice };
    }

    private ChatroomSettings Apply(ChatroomSettings settings, ChatroomChange change)
    {
        var model = Changed(settings.Model, change.Model);
        var level = Changed(settings.ThinkingLevel, change.ThinkingLevel);
        if (change.Model is not null && change.ThinkingLevel is null && level is not null
            && !(models.Find(model) ?? models.Default).Thinking.Contains(level))
        {
            // Moving to a model that does not take the old level: its own default rather than a 400.
            level = null;
        }

        return new ChatroomSettings(model, Changed(settings.SystemInstruction, change.SystemInstruction), level,
            change.IncludeThoughts ?? settings.IncludeThoughts);

        // Null keeps the setting; empty goes back to the default.
        static string? Changed(string? current, string? requested) =>
            requested is null ? current : requested.Length > 0 ? requested : null;
    }

    /// <summary>
    /// Refuses settings the model or the owner's plan does not allow. The plan is asked only when a model is being
    /// chosen: renaming a chatroom whose Pro model the owner lost with a downgrade must still work.
    /// </summary>
    private async Task<ChatroomChangeResult?> CheckAsync(string ownerId, ChatroomSettings settings, bool choosingModel)
    {
        UserTier? tier = choosingModel && settings.Model is not null
            ? (await Owner(ownerId).GetProfileAsync())?.Tier ?? UserTier.Basic
            : null;
        return models.Check(settings, tier) is { } error
            ? new ChatroomChangeResult(ChatroomChangeStatus.Invalid, null, error.Field, error.Detail)
            : null;
    }

    /// <summary>Stores question and answer in one write, sealing the oldest page first when the window is full.</summary>
    private async Task AppendTurnAsync(StoredMessage asked, StoredMessage answered)
    {
        var state = chatroom.State;
        state.Recent.Add(asked);
        state.Recent.Add(answered);
        state.UpdatedAt = answered.Timestamp;
        if (state.Recent.Count >= 2 * P)
        {
            // The page is written before the header that points past it; if the header write fails the page
            // is simply written again, with the same messages, on the next turn.
            var page = state.Recent.GetRange(0, P);
            try
            {
                await Page(state.SealedPages).WriteAsync(page);
            }
            catch
            {
                RollBack();
                throw;
            }

            state.Recent.RemoveRange(0, P);
            state.SealedPages++;
        }

        await CommitAsync();
    }

    /// <summary>Writes the live state; on failure puts back what storage last accepted.</summary>
    private async Task CommitAsync()
    {
        try
        {
            await chatroom.WriteStateAsync();
        }
        catch
        {
            RollBack();
            throw;
        }

        _view = ChatroomView.Of(Id, chatroom.State);
    }

    private void RollBack()
    {
        chatroom.State = _view!.ToState();
        // A failed write may still have landed (a lost acknowledgement); a fresh activation rereads the truth
        // and its version tag instead of failing every later write on a stale one.
        DeactivateOnIdle();
    }

    private async Task<List<StoredMessage>> ReadRangeAsync(ChatroomView view, int start, int end)
    {
        var messages = new List<StoredMessage>(end - start);
        var sealedEnd = Math.Min(end, view.RecentStart);
        if (start < sealedEnd)
        {
            var firstPage = start / P;
            var pages = await Task.WhenAll(Enumerable.Range(firstPage, (sealedEnd - 1) / P - firstPage + 1).Select(p => Page(p).GetAsync()));
            for (var seq = start; seq < sealedEnd; seq++)
            {
                messages.Add(pages[seq / P - firstPage][seq % P]);
            }
        }

        for (var seq = Math.Max(start, view.RecentStart); seq < end; seq++)
        {
            messages.Add(view.Recent[seq - view.RecentStart]);
        }

        return messages;
    }

    private IUserGrain Owner(string userId) => GrainFactory.GetGrain<IUserGrain>(userId);

    private IChatPageGrain Page(int index) => GrainFactory.GetGrain<IChatPageGrain>(ChatPageGrain.Key(Id, index));

    [LoggerMessage(LogLevel.Warning, "Turn in chatroom {ChatroomId} failed: {Status}")]
    private partial void LogTurnFailed(Exception exception, string chatroomId, ChatTurnStatus status);

    [LoggerMessage(LogLevel.Error, "Turn in chatroom {ChatroomId} was stored but the owner's quota could not be updated")]
    private partial void LogQuotaCommitFailed(Exception exception, string chatroomId);
}

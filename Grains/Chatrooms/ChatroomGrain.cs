using System.Text;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Chatrooms;

public sealed partial class ChatroomGrain(
    [PersistentState("chatroom", StorageNames.Chatrooms)] IPersistentState<ChatroomState> chatroom,
    IChatClient gemini,
    IOptions<GeminiOptions> geminiOptions,
    IOptions<ChatroomOptions> chatroomOptions,
    TimeProvider clock,
    ILogger<ChatroomGrain> logger)
    : Grain, IChatroomGrain
{
    public const string QuotaExceededMessage = "Daily message limit reached. Upgrade to Pro for unlimited access.";

    private const int P = ChatroomState.PageSize;

    /// <summary>What storage last accepted; null while the chatroom does not exist.</summary>
    private ChatroomView? _view;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _view = chatroom.RecordExists ? ChatroomView.Of(Id, chatroom.State) : null;
        return Task.CompletedTask;
    }

    public async Task<CreateChatroomResult> CreateAsync(string ownerId, string title)
    {
        if (_view is not null)
        {
            throw new InvalidOperationException($"Chatroom {Id} already exists.");
        }

        var now = clock.GetUtcNow();
        var state = new ChatroomState { OwnerId = ownerId, Title = title, CreatedAt = now, UpdatedAt = now };
        var view = ChatroomView.Of(Id, state);
        // The owner's list is the gate (it caps how many chatrooms a user has), so it is asked first.
        if (!await Owner(ownerId).AddChatroomAsync(view.ToSummary()))
        {
            return new CreateChatroomResult(CreateChatroomStatus.TooManyChatrooms, null);
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
        return new CreateChatroomResult(CreateChatroomStatus.Created, view.ToDetails());
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

    public async Task<ChatroomDetails?> RenameAsync(string requesterId, string title)
    {
        if (_view is not { } view || view.OwnerId != requesterId)
        {
            return null;
        }

        chatroom.State.Title = title;
        chatroom.State.UpdatedAt = clock.GetUtcNow();
        await CommitAsync();
        await Owner(requesterId).UpdateChatroomAsync(_view!.ToSummary());
        return _view.ToDetails();
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

    public async Task<ChatTurnResult> SendMessageAsync(string requesterId, string text, IChatStreamObserver? observer)
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

        var asked = new StoredMessage(MessageRole.User, text, clock.GetUtcNow());
        StoredMessage answered;
        UsageDetails? usage;
        try
        {
            (answered, usage) = await AskGeminiAsync(view, asked, observer);
        }
        catch (Exception e)
        {
            // Nothing was stored, so the turn costs nothing.
            var quotaAfter = await owner.ReleaseMessageSlotAsync(slot.ReservationId);
            if (ClassifyGeminiFailure(e) is not { } failure)
            {
                throw;
            }

            LogTurnFailed(e, Id, failure.Status);
            return new ChatTurnResult(failure.Status, Quota: quotaAfter, Detail: failure.Detail);
        }

        try
        {
            await AppendTurnAsync(asked, answered);
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
            quota = await owner.CompleteMessageAsync(slot.ReservationId, _view!.ToSummary());
        }
        catch (Exception e)
        {
            // The turn is stored and acknowledged; the user's count will catch up when the held slot lapses.
            LogQuotaCommitFailed(e, Id);
            quota = slot.Quota;
        }

        return new ChatTurnResult(ChatTurnStatus.Replied, asked, answered, ToUsage(usage), quota);
    }

    private async Task<(StoredMessage Answer, UsageDetails? Usage)> AskGeminiAsync(
        ChatroomView view, StoredMessage asked, IChatStreamObserver? observer)
    {
        var options = chatroomOptions.Value;
        var messages = HistoryWindow.Select(view.Recent, options.HistoryMaxMessages, options.HistoryMaxCharacters);
        messages.Add(new ChatMessage(ChatRole.User, asked.Text));
        var chatOptions = new ChatOptions { Instructions = options.SystemInstruction };

        // The HTTP pipeline bounds each attempt and the whole call; this also bounds reading a streamed body.
        using var deadline = new CancellationTokenSource(geminiOptions.Value.Timeout);
        ChatResponse response;
        if (observer is null)
        {
            response = await gemini.GetResponseAsync(messages, chatOptions, deadline.Token);
        }
        else
        {
            var updates = new List<ChatResponseUpdate>();
            var sequence = 0;
            await foreach (var update in gemini.GetStreamingResponseAsync(messages, chatOptions, deadline.Token))
            {
                updates.Add(update);
                if (update.Text is { Length: > 0 } delta)
                {
                    // One-way: a slow or vanished listener never holds up the turn.
                    _ = observer.OnDeltaAsync(sequence++, delta);
                }
            }

            response = updates.ToChatResponse();
        }

        if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            throw new ReplyBlockedException();
        }

        if (string.IsNullOrWhiteSpace(response.Text))
        {
            throw new GeminiBadResponseException($"Gemini returned an empty answer (finish reason {response.FinishReason}).");
        }

        return (new StoredMessage(MessageRole.AI, response.Text, clock.GetUtcNow()), response.Usage);
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

    private static (ChatTurnStatus Status, string Detail)? ClassifyGeminiFailure(Exception exception) => exception switch
    {
        ReplyBlockedException => (ChatTurnStatus.Blocked, "Gemini's safety filters blocked the reply."),
        _ => GeminiFailures.Classify(exception),
    };

    private static TokenUsage? ToUsage(UsageDetails? usage) =>
        usage is null ? null : new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount);

    private IUserGrain Owner(string userId) => GrainFactory.GetGrain<IUserGrain>(userId);

    private IChatPageGrain Page(int index) => GrainFactory.GetGrain<IChatPageGrain>(ChatPageGrain.Key(Id, index));

    [LoggerMessage(LogLevel.Warning, "Turn in chatroom {ChatroomId} failed: {Status}")]
    private partial void LogTurnFailed(Exception exception, string chatroomId, ChatTurnStatus status);

    [LoggerMessage(LogLevel.Error, "Turn in chatroom {ChatroomId} was stored but the owner's quota could not be updated")]
    private partial void LogQuotaCommitFailed(Exception exception, string chatroomId);

    /// <summary>Gemini stopped its own answer for safety: an outcome, not a reply to store.</summary>
    private sealed class ReplyBlockedException : Exception;
}

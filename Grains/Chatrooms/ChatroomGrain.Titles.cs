using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// Titles the model makes: after a chatroom's first answer (in the background: the answer never waits for it), and
/// when the owner asks. The Gemini call runs on the grain's scheduler without holding the grain's turn; the title is
/// stored in a turn of the grain's own (<see cref="StoreInTurnAsync"/>), so the state only changes in turn, and a
/// title the owner chose by then wins.
/// </summary>
public sealed partial class ChatroomGrain
{
    /// <summary>An automatic title is being made in this activation (from the first answer until it is stored).</summary>
    private bool _titling;

    public async Task<RetitleResult> RetitleAsync(string requesterId)
    {
        if (OwnedBy(requesterId) is not { } view)
        {
            return new RetitleResult(RetitleStatus.NotFound);
        }

        if (view.MessageCount == 0)
        {
            return new RetitleResult(RetitleStatus.NoMessages);
        }

        if (!turnServices.GeminiConfigured)
        {
            return new RetitleResult(RetitleStatus.Failed, Failure: ChatTurnStatus.GeminiNotConfigured, Detail: "Gemini is not configured.");
        }

        var outcome = await turnServices.Titles.AskAsync(await ExcerptsAsync(view), CancellationToken.None);
        if (outcome is not { Title: { } title })
        {
            var failure = outcome.Failure!;
            return new RetitleResult(RetitleStatus.Failed, Failure: failure.Status, Detail: failure.Detail, RetryAfter: failure.RetryAfter);
        }

        var stored = await StoreInTurnAsync(new GeneratedTitle(title, outcome.Calls, Asked: true));
        return stored is null ? new RetitleResult(RetitleStatus.NotFound) : new RetitleResult(RetitleStatus.Titled, stored);
    }

    public Task<TitleState?> GetTitleStateAsync(string requesterId) => Task.FromResult(OwnedBy(requesterId) is { } view
        ? new TitleState(view.Title, view.TitleChosen, _titling)
        : null);

    public async Task<ChatroomDetails?> StoreGeneratedTitleAsync(GeneratedTitle generated)
    {
        try
        {
            await _history.RefreshIfStaleAsync();
            if (_history.Current is not { } view)
            {
                return null;
            }

            // The moment of storing decides: a title the owner chose before it (a rename that raced it) stays.
            var applies = generated.Title is not null && (generated.Asked || !view.TitleChosen);
            var (title, chosen) = applies ? (generated.Title!, false) : (view.Title, view.TitleChosen);
            var calls = generated.Asked ? view.TitleCalls : Math.Max(view.TitleCalls, generated.Calls);
            if (title == view.Title && chosen == view.TitleChosen && calls == view.TitleCalls)
            {
                return view.ToDetails();
            }

            var live = _history.Live;
            (live.Title, live.TitleChosen, live.TitleCalls) = (title, chosen, calls);
            await _history.CommitAsync();
            if (title != view.Title)
            {
                await Owner(view.OwnerId).UpdateChatroomAsync(_history.Current!.ToSummary());
                await _search.TitleChangedAsync();
            }

            return _history.Current!.ToDetails();
        }
        finally
        {
            _titling &= generated.Asked;
        }
    }

    /// <summary>
    /// Before the first turn of a chatroom whose owner chose no title runs: once its answer begins (a streamed turn's
    /// first words; a plain turn's stored answer), ask for a title, show it to the turn's readers, and store it.
    /// </summary>
    private void TitleWhenAnswered(ChatroomView view, ChatTurnRequest request, LiveTurn turn)
    {
        if (_titling || !turnServices.Titles.Automatic || request.Kind != TurnKind.Send
            || view.MessageCount > 0 || view.TitleChosen || view.TitleCalls > 0)
        {
            return;
        }

        _titling = true;
        // Runs on this grain's scheduler, interleaving only at its awaits; the turn never waits for it.
        _ = TitleAfterAnswerAsync(turn);
    }

    private async Task TitleAfterAnswerAsync(LiveTurn turn)
    {
        try
        {
            await Task.WhenAny(turn.AnswerBegun, turn.Ended);
            var answer = turn.AnswerBegun.IsCompleted ? turn.AnswerSoFar
                : turn.Ended is { IsCompletedSuccessfully: true, Result: { Status: ChatTurnStatus.Replied, Replayed: false, Reply: { } reply } } ? reply.Text
                : null;
            if (answer is null)
            {
                // No answer, so no title: the next first turn asks.
                _titling = false;
                return;
            }

            var asked = new StoredMessage(MessageRole.User, turn.Question, clock.GetUtcNow());
            var outcome = await turnServices.Titles.AskAsync([asked, new StoredMessage(MessageRole.AI, answer, clock.GetUtcNow())], CancellationToken.None);
            // The store is sent first: by the time a reader sees the title, its store waits in the grain's queue.
            var storing = StoreInTurnAsync(new GeneratedTitle(outcome.Title, outcome.Calls, Asked: false));
            if (outcome.Title is { } title && _history.Current is { TitleChosen: false })
            {
                turn.PublishTitle(title);
            }

            await storing;
        }
        catch (Exception e)
        {
            _titling = false;
            LogTitleNotStored(e, Id);
        }
    }

    /// <summary>What a title is made of: the first question and answer, and the latest ones when there are more.</summary>
    private async Task<IReadOnlyList<StoredMessage>> ExcerptsAsync(ChatroomView view)
    {
        // Along the current path: the branch the owner reads.
        var path = view.Tree.CurrentPath();
        var length = Tree.ConversationTree.LengthOf(path);
        return await _history.ReadRunsAsync(view, length <= 4 ? path : [.. Tree.ConversationTree.Head(path, 2), .. Tree.ConversationTree.Tail(path, 2)]);
    }

    /// <summary>
    /// Runs <see cref="StoreGeneratedTitleAsync"/> as a turn of this activation, queued behind a running turn and
    /// never interleaved with one, as a call the grain made to itself would be: a grain timer that fires once and
    /// does not interleave is such a turn. It was a call to itself, which made a grain reference (Orleans builds a
    /// proxy with a copier per method of this wide interface: 8 % of a title's CPU in a profile) and copied the
    /// title in and the chatroom's details out (9 % more).
    /// </summary>
    private Task<ChatroomDetails?> StoreInTurnAsync(GeneratedTitle generated)
    {
        var stored = new TaskCompletionSource<ChatroomDetails?>(TaskCreationOptions.RunContinuationsAsynchronously);
        IGrainTimer? once = null;
        // The callback cannot run before the timer is assigned: it is queued on this grain's scheduler, which is busy
        // with this very code until it returns.
        once = this.RegisterGrainTimer(async _ =>
        {
            once!.Dispose();
            try
            {
                stored.TrySetResult(await StoreGeneratedTitleAsync(generated));
            }
            catch (Exception e)
            {
                stored.TrySetException(e);
            }
        }, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false });
        return stored.Task;
    }

    [LoggerMessage(LogLevel.Warning, "Chatroom {ChatroomId}: its title could not be made or stored; it keeps the one it has")]
    private partial void LogTitleNotStored(Exception exception, string chatroomId);
}

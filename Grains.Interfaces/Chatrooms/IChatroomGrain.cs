using GeminiClone.Grains.Interfaces.Shares;
using GeminiClone.Grains.Interfaces.Users;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>
/// One conversation. Sends are not reentrant, so turns run one at a time in arrival order and each reply sees
/// every turn before it. Reads interleave with everything, so they never wait behind a slow Gemini call.
/// Every method takes the caller's user id and treats another user's chatroom exactly like a missing one.
/// </summary>
[Alias("GeminiClone.Chatrooms.IChatroomGrain")]
public interface IChatroomGrain : IGrainWithStringKey
{
    /// <summary>Kept for gateways of the previous release during a rolling upgrade; creates with default settings.</summary>
    [Alias("Create"), Obsolete("Kept for gateways of the previous release; remove after 2027-03-01.")]
    Task<CreateChatroomResult> CreateAsync(string ownerId, string title);

    /// <summary>Creates the chatroom with a title and settings; settings the owner's tier or the model do not allow are refused.</summary>
    [Alias("CreateWithSettings")]
    Task<ChatroomChangeResult> CreateAsync(string ownerId, ChatroomChange initial);

    /// <summary>
    /// Up to <paramref name="limit"/> messages of the current path, the newest; with <paramref name="before"/> (a
    /// message id, as the previous page's first message) those on the path to it before it.
    /// </summary>
    [Alias("GetPage"), ReadOnly, AlwaysInterleave]
    Task<ChatroomPage?> GetPageAsync(string requesterId, int? before, int limit);

    /// <summary>
    /// The log itself, every branch: up to <paramref name="limit"/> messages from id <paramref name="start"/> in the
    /// order they were stored, deleted ones left out, each with its place (for the owner's export, which carries the
    /// whole tree and the current leaf).
    /// </summary>
    [Alias("GetLog"), ReadOnly, AlwaysInterleave]
    Task<ChatroomPage?> GetLogAsync(string requesterId, int start, int limit);

    /// <summary>
    /// Makes the newest leaf under message <paramref name="messageId"/> the end of the current path (a version id of
    /// the previous release's first becomes a message of its own) and answers the path's newest <paramref name="limit"/>
    /// messages. Takes its turn like any change, so it waits behind a running turn.
    /// </summary>
    [Alias("SelectBranch"), ResponseTimeout("00:01:40")]
    Task<BranchResult> SelectAsync(string requesterId, int messageId, int limit);

    /// <summary>
    /// Deletes message <paramref name="messageId"/> and everything under it, erasing their text, unless it has no
    /// sibling (then it is the only path to the root); a current path through it moves to the nearest sibling's newest leaf.
    /// </summary>
    [Alias("DeleteBranch"), ResponseTimeout("00:01:40")]
    Task<BranchResult> DeleteMessageAsync(string requesterId, int messageId);

    [Alias("Rename")]
    Task<ChatroomDetails?> RenameAsync(string requesterId, string title);

    /// <summary>Changes the title and/or settings; what the change leaves null stays as it is.</summary>
    [Alias("Change")]
    Task<ChatroomChangeResult> ChangeAsync(string requesterId, ChatroomChange change);

    [Alias("Delete")]
    Task<bool> DeleteAsync(string requesterId);

    /// <summary>
    /// Asks the model for a new title now (the owner's own action: no quota; it replaces any title, also one the owner
    /// chose). Interleaves while Gemini answers, so turns never wait for it; the title is then stored through
    /// <see cref="StoreGeneratedTitleAsync"/>, in turn with everything else.
    /// </summary>
    [Alias("Retitle"), AlwaysInterleave, ResponseTimeout("00:03:00")]
    Task<RetitleResult> RetitleAsync(string requesterId);

    /// <summary>The chatroom's title, whether its owner chose it, and whether the model is making one now.</summary>
    [Alias("GetTitleState"), ReadOnly, AlwaysInterleave]
    Task<TitleState?> GetTitleStateAsync(string requesterId);

    /// <summary>
    /// Stores a title the model made (the chatroom calls this on itself, so the change takes its turn like any
    /// other): an automatic one only while the owner has not chosen a title. Answers the chatroom as stored (null: it
    /// no longer exists). Waits behind a running turn, so its timeout is a turn's and more.
    /// </summary>
    [Alias("StoreGeneratedTitle"), ResponseTimeout("00:02:00")]
    Task<ChatroomDetails?> StoreGeneratedTitleAsync(GeneratedTitle generated);

    /// <summary>
    /// Rates the answer at position <paramref name="sequence"/> (null <paramref name="feedback"/>: clears its rating),
    /// also in a sealed page, and keeps the operators' daily counts per model in step. It takes its turn like any
    /// change, so it may wait behind a running turn: its timeout is a turn's, so the caller hears how it went rather
    /// than a timeout for a rating that is then stored anyway.
    /// </summary>
    [Alias("SetFeedback"), ResponseTimeout("00:01:40")]
    Task<FeedbackResult> SetFeedbackAsync(string requesterId, int sequence, MessageFeedback? feedback);

    /// <summary>
    /// Deletes the chatroom as its owner's account deletion does: like <see cref="DeleteAsync"/>, but without
    /// updating the owner's list, which the owner's grain (the caller) erases itself.
    /// </summary>
    [Alias("Erase")]
    Task EraseAsync(string ownerId);

    /// <summary>
    /// Its owner deleted folder <paramref name="folderId"/>: the chatroom leaves it if it is still in it. One-way, so
    /// the folder's deletion never waits behind a running turn; until this arrives the chatroom reads as in no folder.
    /// </summary>
    [Alias("LeaveFolder"), OneWay]
    Task LeaveFolderAsync(string ownerId, string folderId);

    /// <summary>
    /// Replaces the chatroom's rows in the search index with what it holds (none when it does not exist) and
    /// answers how many messages that is. For <c>Silo reindex</c>; waits for a running turn.
    /// </summary>
    [Alias("RebuildSearch"), ResponseTimeout("00:01:00")]
    Task<int> RebuildSearchAsync();

    /// <summary>
    /// With retention on, makes sure the chatroom's retention reminder is registered (chatrooms do it themselves
    /// when they are created or next wake; <c>Silo schedule-retention</c> does it for those that never wake again).
    /// </summary>
    [Alias("ScheduleRetention")]
    Task ScheduleRetentionAsync();

    /// <summary>Whether the caller may add an attachment now (asked before the gateway stores the bytes); Added means yes.</summary>
    [Alias("CanAddAttachment"), ReadOnly, AlwaysInterleave, Obsolete("Kept for gateways of the previous release; remove after 2027-03-01.")]
    Task<AttachmentAddStatus> CanAddAttachmentAsync(string requesterId);

    /// <summary>Adds a file whose bytes the gateway has stored; adding the same id again changes nothing.</summary>
    [Alias("AddAttachment"), Obsolete("Kept for gateways of the previous release; remove after 2027-03-01.")]
    Task<AttachmentAddStatus> AddAttachmentAsync(string requesterId, Attachment attachment);

    /// <summary>
    /// Whether the caller may upload a file to the chatroom now, and the largest file the owner's plan takes: asked
    /// before the gateway reads the upload. Added means yes.
    /// </summary>
    [Alias("OpenAttachmentUpload"), ReadOnly, AlwaysInterleave]
    Task<AttachmentUploadWindow> OpenAttachmentUploadAsync(string requesterId);

    /// <summary>
    /// Counts a file of <paramref name="bytes"/> against the owner's plan (its largest file, today's allowance) before
    /// the gateway stores the bytes; Added means it is counted. Interleaves: it changes only the owner's allowance.
    /// </summary>
    [Alias("ReserveAttachmentUpload"), AlwaysInterleave]
    Task<AttachmentUploadReservation> ReserveAttachmentUploadAsync(string requesterId, long bytes);

    /// <summary>
    /// Adds a file counted by <see cref="ReserveAttachmentUploadAsync"/> whose bytes the gateway has stored. When the
    /// chatroom refuses it, its bytes go and the owner's allowance gets them back.
    /// </summary>
    [Alias("AddUploadedAttachment")]
    Task<AttachmentAddStatus> AddUploadedAttachmentAsync(string requesterId, Attachment attachment);

    /// <summary>The gateway could not store a file counted by <see cref="ReserveAttachmentUploadAsync"/>: the allowance gets it back.</summary>
    [Alias("AbandonAttachmentUpload"), AlwaysInterleave]
    Task AbandonAttachmentUploadAsync(string requesterId, long bytes);

    [Alias("GetAttachment"), ReadOnly, AlwaysInterleave]
    Task<Attachment?> GetAttachmentAsync(string requesterId, string attachmentId);

    /// <summary>Deletes an attachment no turn has sent yet (and its bytes, unless another attachment holds them).</summary>
    [Alias("DeleteAttachment")]
    Task<AttachmentDeleteStatus> DeleteAttachmentAsync(string requesterId, string attachmentId);

    /// <summary>
    /// A share link to a read-only snapshot of the conversation as storage last accepted it: a turn still running is
    /// not in it, and the call does not wait for one (it writes nothing of the chatroom's own).
    /// </summary>
    [Alias("Share"), AlwaysInterleave]
    Task<ShareCreation> ShareAsync(string requesterId);

    /// <summary>The chatroom's share links, newest first; null when it is not the caller's.</summary>
    [Alias("ListShares"), ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<ShareEntry>?> ListSharesAsync(string requesterId);

    /// <summary>
    /// Creates this (new) chatroom for <paramref name="ownerId"/> as a copy of share <paramref name="shareId"/>'s
    /// snapshot: its title, messages and files, which its next turns send to Gemini as history.
    /// </summary>
    [Alias("CopyShare")]
    Task<SharedCopy> CopyShareAsync(string ownerId, string shareId);

    /// <summary>
    /// Sends a turn and answers its first events (see <see cref="TurnBatch"/>); the sender reads on with
    /// <see cref="ReadTurnAsync"/>, keeping its place in a <see cref="TurnReadPlace"/>. A request whose idempotency key
    /// names a running or stored turn reads that turn instead (after a <see cref="TurnJoined"/>), from after event
    /// <paramref name="afterSequence"/> (null: from the start). Turns run one at a time in the order they arrive
    /// (through <see cref="RunTurnAsync(string, ChatTurnRequest)"/>); a reader that goes away never stops the turn, and
    /// leaves nothing behind. The caller has checked the sender (the previous release's gateways, which check every
    /// request, and the silos' own callers).
    /// </summary>
    [Alias("SendTurnBatch"), AlwaysInterleave]
    Task<TurnBatch> SendTurnAsync(string requesterId, ChatTurnRequest request, int? afterSequence);

    /// <summary>
    /// The same for a sender whose access token the gateway left to the turn to check (<paramref name="sender"/>;
    /// null: checked already): the turn has it checked with its quota slot, or on its own when it ends before one
    /// (a replay, a retry of a turn still running, a refusal), and refuses it (<see cref="ChatTurnStatus.SessionRevoked"/>,
    /// <see cref="ChatTurnStatus.AccountSuspended"/>) before anything is asked, stored or charged. Its own alias, so
    /// a silo of the previous release refuses the call rather than run a turn unchecked.
    /// </summary>
    [Alias("SendSenderTurnBatch"), AlwaysInterleave]
    Task<TurnBatch> SendTurnAsync(string requesterId, ChatTurnRequest request, int? afterSequence, CallerCredential? sender);

    /// <summary>
    /// One read of a turn from the reader's place (see <see cref="TurnBatch"/>): live while it runs, its outcome once
    /// it ended, <see cref="ChatTurnStatus.TurnUnknown"/> when there is no such turn. A turn not known yet while
    /// another runs may be waiting in line: the read answers <see cref="TurnStillRunning"/> while that lasts.
    /// </summary>
    [Alias("ReadTurnBatch"), AlwaysInterleave]
    Task<TurnBatch> ReadTurnAsync(string requesterId, TurnRead read);

    /// <summary>
    /// The previous release's send: <see cref="SendTurnAsync"/> and its reads as one stream (kept while gateways of
    /// that release may call it during a rolling upgrade; the stream costs a call to start and one to end).
    /// </summary>
    [Alias("StreamTurn")]
    IAsyncEnumerable<TurnEvent> StreamTurnAsync(string requesterId, ChatTurnRequest request, int? afterSequence);

    /// <summary>
    /// The previous release's follow: <see cref="ReadTurnAsync"/>'s reads as one stream (kept like
    /// <see cref="StreamTurnAsync"/>).
    /// </summary>
    [Alias("FollowTurn")]
    IAsyncEnumerable<TurnEvent> FollowTurnAsync(string requesterId, string turnId, int? afterSequence);

    /// <summary>
    /// Runs one turn to its end and answers its outcome: reserve quota, ask Gemini with the history, store question
    /// and answer together, commit quota. Not reentrant, so this is where turns take their turn; a send reads its
    /// events through <see cref="SendTurnAsync"/>, which queues here. The timeout sits above Gemini's total timeout
    /// (at most 80 s) plus queueing behind one earlier turn's storage.
    /// </summary>
    [Alias("RunTurn"), ResponseTimeout("00:01:40")]
    Task<ChatTurnResult> RunTurnAsync(string requesterId, ChatTurnRequest request);

    /// <summary>The same, checking the sender's access token within the turn as <see cref="SendTurnAsync(string, ChatTurnRequest, int?, CallerCredential?)"/> does.</summary>
    [Alias("RunSenderTurn"), ResponseTimeout("00:01:40")]
    Task<ChatTurnResult> RunTurnAsync(string requesterId, ChatTurnRequest request, CallerCredential? sender);

    /// <summary>
    /// Stops turn <paramref name="turnId"/> (null: whatever runs): aborts the Gemini call, keeps the partial answer if
    /// there is one, and answers once the turn has ended. Interleaves with the turn it stops.
    /// </summary>
    [Alias("StopTurn"), AlwaysInterleave, ResponseTimeout("00:00:30")]
    Task<TurnStopResult> StopTurnAsync(string requesterId, string? turnId);

    /// <summary>A turn for gateways of the previous release, its text pushed to <paramref name="observer"/>.</summary>
    [Alias("SendMessage"), ResponseTimeout("00:01:40")]
    [Obsolete(LegacyTurnCalls.Reason)]
    Task<ChatTurnResult> SendMessageAsync(string requesterId, string text, IChatStreamObserver? observer);

    /// <summary>A turn for gateways of the previous release, its text pushed to <paramref name="observer"/>.</summary>
    [Alias("SendTurn"), ResponseTimeout("00:01:40")]
    [Obsolete(LegacyTurnCalls.Reason)]
    Task<ChatTurnResult> SendMessageAsync(string requesterId, ChatTurnRequest request, IChatStreamObserver? observer);

    /// <summary>For gateways of the previous release: whether a turn is running, and whether it is <paramref name="requestId"/>'s.</summary>
    [Alias("GetTurnActivity"), ReadOnly, AlwaysInterleave]
    [Obsolete(LegacyTurnCalls.Reason)]
    Task<TurnActivity> GetTurnActivityAsync(Guid requestId);

    /// <summary>For gateways of the previous release: follows a turn through <paramref name="observer"/>.</summary>
    [Alias("AttachToTurn"), AlwaysInterleave]
    [Obsolete(LegacyTurnCalls.Reason)]
    Task<TurnAttachment> AttachToTurnAsync(string requesterId, string turnId, int? afterSequence, IChatStreamObserver observer);

    /// <summary>For gateways of the previous release: the running turn a retry with the same key and content names.</summary>
    [Alias("FindRunningTurn"), ReadOnly, AlwaysInterleave]
    [Obsolete(LegacyTurnCalls.Reason)]
    Task<string?> FindRunningTurnAsync(string requesterId, ChatTurnRequest request);
}

/// <summary>The calls the gateways of the release before the turn streams make; they go once no such gateway is left.</summary>
public static class LegacyTurnCalls
{
    public const string Reason = "Kept for gateways of the previous release during a rolling upgrade; read turns with StreamTurnAsync/FollowTurnAsync. Remove after 2027-03-01.";
}

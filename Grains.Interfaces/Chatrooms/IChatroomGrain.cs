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

    /// <summary>Up to <paramref name="limit"/> messages before position <paramref name="before"/> (default: the newest).</summary>
    [Alias("GetPage"), ReadOnly, AlwaysInterleave]
    Task<ChatroomPage?> GetPageAsync(string requesterId, int? before, int limit);

    [Alias("Rename")]
    Task<ChatroomDetails?> RenameAsync(string requesterId, string title);

    /// <summary>Changes the title and/or settings; what the change leaves null stays as it is.</summary>
    [Alias("Change")]
    Task<ChatroomChangeResult> ChangeAsync(string requesterId, ChatroomChange change);

    [Alias("Delete")]
    Task<bool> DeleteAsync(string requesterId);

    /// <summary>
    /// Deletes the chatroom as its owner's account deletion does: like <see cref="DeleteAsync"/>, but without
    /// updating the owner's list, which the owner's grain (the caller) erases itself.
    /// </summary>
    [Alias("Erase")]
    Task EraseAsync(string ownerId);

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
    /// One turn: reserve quota, ask Gemini with the history, store question and answer together, commit quota.
    /// With an <paramref name="observer"/>, the answer's text is pushed to it as Gemini produces it.
    /// The timeout sits above Gemini's total timeout (at most 80 s) plus queueing behind one earlier turn's storage.
    /// </summary>
    [Alias("SendMessage"), ResponseTimeout("00:01:40")]
    Task<ChatTurnResult> SendMessageAsync(string requesterId, string text, IChatStreamObserver? observer);

    /// <summary>
    /// Whether a turn is running, and whether it is <paramref name="requestId"/>'s. Interleaves with the turn itself,
    /// so a gateway can tell a slow turn from one lost with a dead silo or gateway.
    /// </summary>
    [Alias("GetTurnActivity"), ReadOnly, AlwaysInterleave]
    Task<TurnActivity> GetTurnActivityAsync(Guid requestId);

    /// <summary>
    /// Follows turn <paramref name="turnId"/>: while it runs, what came after event <paramref name="afterSequence"/>
    /// (null: from the start) and then live events to <paramref name="observer"/> until it ends; after it ended, its
    /// outcome. Interleaves, so a reader never waits behind the turn it wants to read.
    /// </summary>
    [Alias("AttachToTurn"), AlwaysInterleave]
    Task<TurnAttachment> AttachToTurnAsync(string requesterId, string turnId, int? afterSequence, IChatStreamObserver observer);

    /// <summary>
    /// The id of the running turn when it was started by a request with the same idempotency key and the same
    /// content as <paramref name="request"/>; else null. Lets a client's retry follow the live turn instead of
    /// queueing behind it.
    /// </summary>
    [Alias("FindRunningTurn"), ReadOnly, AlwaysInterleave]
    Task<string?> FindRunningTurnAsync(string requesterId, ChatTurnRequest request);

    /// <summary>
    /// Stops turn <paramref name="turnId"/> (null: whatever runs): aborts the Gemini call, keeps the partial answer if
    /// there is one, and answers once the turn has ended. Interleaves with the turn it stops.
    /// </summary>
    [Alias("StopTurn"), AlwaysInterleave, ResponseTimeout("00:00:30")]
    Task<TurnStopResult> StopTurnAsync(string requesterId, string? turnId);

    /// <summary>The same turn, with per-turn options (thought summaries on or off).</summary>
    [Alias("SendTurn"), ResponseTimeout("00:01:40")]
    Task<ChatTurnResult> SendMessageAsync(string requesterId, ChatTurnRequest request, IChatStreamObserver? observer);
}

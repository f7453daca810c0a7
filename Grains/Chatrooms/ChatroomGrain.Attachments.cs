using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// Attachments: the chatroom keeps each file's metadata and decides who may read or delete it; the bytes are in
/// the attachment store, written there by the gateway before it asks the chatroom to add the file. An upload is
/// counted against the owner's plan (<see cref="IUserGrain.ReserveUploadAsync"/>) before its bytes are stored, and
/// given back here when the chatroom refuses it or the gateway could not store it.
/// </summary>
public sealed partial class ChatroomGrain
{
    public Task<AttachmentAddStatus> CanAddAttachmentAsync(string requesterId) =>
        Task.FromResult(OwnedBy(requesterId) is not { } view ? AttachmentAddStatus.NotFound
            : Pending(view) >= stores.AttachmentLimits.MaxPendingPerChatroom ? AttachmentAddStatus.TooManyPending
            : AttachmentAddStatus.Added);

    public async Task<AttachmentAddStatus> AddAttachmentAsync(string requesterId, Attachment attachment)
    {
        if (await CanAddAttachmentAsync(requesterId) is not AttachmentAddStatus.Added and var refused)
        {
            return refused;
        }

        if (!ModelOf(_history.Current!).Reads(attachment.MediaType))
        {
            return AttachmentAddStatus.UnsupportedByModel;
        }

        var live = _history.Live;
        if (live.Attachments?.Any(a => a.Id == attachment.Id) != true)
        {
            live.Attachments = [.. live.Attachments ?? [], attachment];
            await _history.CommitAsync();
        }

        return AttachmentAddStatus.Added;
    }

    public async Task<AttachmentUploadWindow> OpenAttachmentUploadAsync(string requesterId) =>
        await CanAddAttachmentAsync(requesterId) is not AttachmentAddStatus.Added and var refused
            ? new AttachmentUploadWindow(refused, 0)
            : new AttachmentUploadWindow(AttachmentAddStatus.Added, (await Uploader(requesterId).GetUploadAllowanceAsync()).MaxFileBytes);

    public async Task<AttachmentUploadReservation> ReserveAttachmentUploadAsync(string requesterId, long bytes)
    {
        if (await CanAddAttachmentAsync(requesterId) is not AttachmentAddStatus.Added and var refused)
        {
            return new AttachmentUploadReservation(refused, null);
        }

        var allowance = await Uploader(requesterId).ReserveUploadAsync(bytes);
        var status = allowance.Granted ? AttachmentAddStatus.Added
            : allowance.TooLarge ? AttachmentAddStatus.TooLarge
            : AttachmentAddStatus.OverDailyAllowance;
        return new AttachmentUploadReservation(status, allowance);
    }

    public async Task<AttachmentAddStatus> AddUploadedAttachmentAsync(string requesterId, Attachment attachment)
    {
        var status = await AddAttachmentAsync(requesterId, attachment);
        if (status != AttachmentAddStatus.Added)
        {
            await stores.Attachments.RemoveAsync(attachment.Id);
            await Uploader(requesterId).ReleaseUploadAsync(attachment.Size);
        }

        return status;
    }

    public Task AbandonAttachmentUploadAsync(string requesterId, long bytes) => Uploader(requesterId).ReleaseUploadAsync(bytes);

    public Task<Attachment?> GetAttachmentAsync(string requesterId, string attachmentId) =>
        Task.FromResult(OwnedBy(requesterId) is { } view ? Find(view, attachmentId) : null);

    public async Task<AttachmentDeleteStatus> DeleteAttachmentAsync(string requesterId, string attachmentId)
    {
        if (OwnedBy(requesterId) is not { } view || Find(view, attachmentId) is not { } attachment)
        {
            return AttachmentDeleteStatus.NotFound;
        }

        if (attachment.UsedInTurn is not null)
        {
            return AttachmentDeleteStatus.InUse;
        }

        var live = _history.Live;
        live.Attachments = [.. live.Attachments!.Where(a => a.Id != attachmentId)];
        await _history.CommitAsync();
        try
        {
            await stores.Attachments.RemoveAsync(attachmentId);
        }
        catch (Exception e)
        {
            // The chatroom no longer lists it; its bytes go at the latest with the chatroom.
            LogAttachmentRemovalFailed(e, attachmentId, Id);
        }

        return AttachmentDeleteStatus.Deleted;
    }

    /// <summary>
    /// After the chatroom itself is deleted: its attachments' bytes. The chatroom is gone whatever happens here, so a
    /// failure is logged rather than thrown; the bytes stay unreachable until removed.
    /// </summary>
    private async Task RemoveAttachmentBytesAsync()
    {
        try
        {
            await stores.Attachments.RemoveChatroomAsync(Id);
        }
        catch (Exception e)
        {
            LogChatroomAttachmentsLeft(e, Id);
        }
    }

    /// <summary>The user whose allowance an upload counts against: the requester, once the chatroom found it is theirs.</summary>
    private IUserGrain Uploader(string requesterId) => GrainFactory.GetGrain<IUserGrain>(requesterId);

    private GeminiModelOptions ModelOf(ChatroomView view) => turnServices.Models.Find(view.Settings.Model) ?? turnServices.Models.Default;

    private static int Pending(ChatroomView view) => view.Attachments.Count(a => a.UsedInTurn is null);

    private static Attachment? Find(ChatroomView view, string attachmentId) => view.Attachments.FirstOrDefault(a => a.Id == attachmentId);

    [LoggerMessage(LogLevel.Error, "The attachments' bytes of deleted chatroom {ChatroomId} could not be removed")]
    private partial void LogChatroomAttachmentsLeft(Exception exception, string chatroomId);

    [LoggerMessage(LogLevel.Warning, "The bytes of attachment {AttachmentId} of chatroom {ChatroomId} could not be removed yet")]
    private partial void LogAttachmentRemovalFailed(Exception exception, string attachmentId, string chatroomId);
}

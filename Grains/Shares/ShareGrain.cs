using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Shares;
using GeminiClone.Grains.Persistence;

namespace GeminiClone.Grains.Shares;

/// <summary>A share link's snapshot, in its own record: as large as the conversation it copies, written once.</summary>
[GenerateSerializer, Alias("GeminiClone.Shares.ShareState")]
public sealed class ShareState
{
    [Id(0)] public string ChatroomId { get; set; } = "";
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
    [Id(2)] public string Title { get; set; } = "";
    [Id(3)] public List<StoredMessage> Messages { get; set; } = [];
    /// <summary>The files the messages show; their bytes stay in the attachment store under the chatroom's references.</summary>
    [Id(4)] public List<Attachment> Attachments { get; set; } = [];
}

/// <summary>
/// One share link. A revoked link's record is deleted, so "no record" is the one answer for a link that never
/// existed and one that was revoked. Its files' bytes need no reference of its own: a link lives no longer than its
/// chatroom (deleting the chatroom revokes it first), whose references keep them.
/// </summary>
public sealed class ShareGrain(
    [PersistentState("share", StorageNames.Shares)] IPersistentState<ShareState> share)
    : Grain, IShareGrain
{
    public async Task CreateAsync(string chatroomId, SharedConversation conversation)
    {
        share.State = new ShareState
        {
            ChatroomId = chatroomId,
            CreatedAt = conversation.CreatedAt,
            Title = conversation.Title,
            Messages = [.. conversation.Messages],
            Attachments = [.. conversation.Attachments],
        };
        try
        {
            await share.WriteStateAsync();
        }
        catch
        {
            // Whatever storage holds, this activation must not serve a link its owner was told failed.
            share.State = new ShareState();
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<SharedConversation?> GetAsync() => Task.FromResult(share.RecordExists
        ? new SharedConversation(share.State.Title, [.. share.State.Messages], [.. share.State.Attachments], share.State.CreatedAt)
        : null);

    public Task<Attachment?> GetAttachmentAsync(string attachmentId) =>
        Task.FromResult(share.RecordExists ? share.State.Attachments.FirstOrDefault(a => a.Id == attachmentId) : null);

    public async Task RevokeAsync()
    {
        if (!share.RecordExists)
        {
            // After a failed write this activation cannot tell whether storage kept it: storage says.
            await share.ReadStateAsync();
        }

        if (share.RecordExists)
        {
            await share.ClearStateAsync();
        }

        DeactivateOnIdle();
    }
}

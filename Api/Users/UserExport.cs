using System.IO.Pipelines;
using System.Text.Json;
using GeminiClone.Api.Billing;
using GeminiClone.Api.Chatrooms;
using GeminiClone.Api.Preferences;
using GeminiClone.Api.Folders;
using GeminiClone.Grains.Interfaces.Attachments;
using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Folders;
using GeminiClone.Grains.Interfaces.Shares;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Interfaces.Users.Preferences;

namespace GeminiClone.Api.Users;

/// <summary>
/// Everything we hold about a user as one JSON document, written as it is read: the profile (no password hash,
/// no OTPs, no refresh secrets), the subscription, the sessions, the usage figures kept (400 days), the preferences
/// and Gems, the folders, and every chatroom (temporary chats excepted) with every message and version, a page of
/// messages at a time, and every chatroom's attachments (as links, or as base64 streamed a chunk at a time:
/// <see cref="ExportOptions"/>), then the user's share links. Memory stays at one page whatever the user has, so
/// 1,000 chatrooms stream as easily as one.
/// </summary>
internal sealed class UserExport(
    IGrainFactory grains, JsonSerializerOptions json, TimeProvider clock, IAttachmentStore? attachmentStore, ExportedAttachments attachments,
    Func<string, string> shareUrl)
{
    /// <summary>Bytes of an attachment read and encoded at a time (a multiple of 3, so no base64 padding between chunks).</summary>
    private const int Base64Chunk = 3 * 16 * 1024;

    /// <summary>Messages read per grain call; one page is all the export holds at once.</summary>
    private const int PageSize = 500;

    public const int FormatVersion = 1;

    public async Task WriteAsync(string userId, Stream body, CancellationToken cancellationToken)
    {
        var user = grains.GetGrain<IUserGrain>(userId);
        // Through a pipe: the serializer flushes its writer synchronously, which must not reach the response stream.
        var pipe = PipeWriter.Create(body, new StreamPipeWriterOptions(leaveOpen: true));
        await using var writer = new Utf8JsonWriter(pipe);
        writer.WriteStartObject();
        writer.WriteNumber("formatVersion", FormatVersion);
        writer.WriteString("exportedAt", clock.GetUtcNow().UtcDateTime);
        Write(writer, "user", await user.GetProfileAsync() is { } profile ? UserData.From(profile) : null);
        Write(writer, "subscription", SubscriptionData.From(await grains.GetGrain<IBillingAccountGrain>(userId).GetSubscriptionStatusAsync()));
        Write(writer, "sessions", (await user.GetSessionsAsync()).Select(s => SessionData.From(s, currentSessionId: null)));
        var today = UsageDays.DayOf(clock.GetUtcNow());
        Write(writer, "usage", ExportedUsage.Of(
            await grains.GetGrain<IUserUsageGrain>(userId).GetReportAsync(today.AddDays(1 - UsageDays.Kept), today, UserTier.Basic)));
        var preferences = grains.GetGrain<IUserPreferencesGrain>(userId);
        Write(writer, "preferences", PreferencesData.From(await preferences.GetPreferencesAsync()));
        Write(writer, "gems", (await preferences.ListGemsAsync()).Select(GemData.From));
        Write(writer, "folders", (await grains.GetGrain<IUserFoldersGrain>(userId).GetFoldersAsync()).Select(FolderData.From));

        writer.WriteStartArray("chatrooms");
        // A temporary chat is kept for a day at most and exported never: that is what it promised.
        foreach (var summary in (await user.GetChatroomsAsync()).Where(c => !c.Temporary))
        {
            await WriteChatroomAsync(writer, pipe, userId, grains.GetGrain<IChatroomGrain>(summary.Id), cancellationToken);
        }

        writer.WriteEndArray();
        Write(writer, "shares", (await grains.GetGrain<IUserSharesGrain>(userId).ListAsync(chatroomId: null))
            .Select(s => new ExportedShare(s.Id, s.ChatroomId, shareUrl(s.Id), s.CreatedAt.UtcDateTime, s.MessageCount)));
        writer.WriteEndObject();
        await SendAsync(writer, pipe, cancellationToken);
        await pipe.CompleteAsync();
    }

    private async Task WriteChatroomAsync(
        Utf8JsonWriter writer, PipeWriter pipe, string userId, IChatroomGrain chatroom, CancellationToken cancellationToken)
    {
        // The first page also says how many messages there are; a chatroom deleted meanwhile is left out. The log is
        // read in the order it was stored: every branch, each message with its id and parent, and the current leaf.
        var page = await chatroom.GetLogAsync(userId, 0, PageSize);
        if (page is null)
        {
            return;
        }

        var details = page.Chatroom;
        writer.WriteStartObject();
        writer.WriteString("id", details.Id);
        writer.WriteString("title", details.Title);
        writer.WriteString("createdAt", details.CreatedAt.UtcDateTime);
        writer.WriteString("updatedAt", details.UpdatedAt.UtcDateTime);
        writer.WriteBoolean("pinned", details.Pinned);
        writer.WriteBoolean("archived", details.Archived);
        Write(writer, "folderId", details.FolderId);
        Write(writer, "settings", ChatroomSettingsData.From(details.Settings));
        if (GemReferenceData.From(details.Gem) is { } gem)
        {
            Write(writer, "gem", gem);
        }

        writer.WriteNumber("leafId", page.LeafId ?? details.MessageCount - 1);
        writer.WriteStartArray("messages");
        for (var start = 0; start < details.MessageCount; start += PageSize)
        {
            if (start > 0)
            {
                page = await chatroom.GetLogAsync(userId, start, PageSize);
                if (page is null)
                {
                    break;
                }
            }

            for (var i = 0; i < page.Messages.Count; i++)
            {
                var place = page.Places?[i];
                // Every message names its parent; only the root's is null (and absent), as in GET /chatroom/:id.
                Write(writer, MessageData.From(page.Messages[i]) with { Id = place?.Id, ParentId = place is { ParentId: >= 0 } ? place.ParentId : null });
            }

            await SendAsync(writer, pipe, cancellationToken);
        }

        writer.WriteEndArray();
        await WriteAttachmentsAsync(writer, pipe, details.Id, page?.Attachments ?? [], cancellationToken);
        writer.WriteEndObject();
    }

    /// <summary>The chatroom's files: metadata and download path, and with <see cref="ExportedAttachments.Base64"/> the bytes.</summary>
    private async Task WriteAttachmentsAsync(
        Utf8JsonWriter writer, PipeWriter pipe, string chatroomId, IReadOnlyList<Attachment> files, CancellationToken cancellationToken)
    {
        writer.WriteStartArray("attachments");
        foreach (var file in files)
        {
            writer.WriteStartObject();
            foreach (var property in JsonSerializer.SerializeToElement(AttachmentData.From(file), json).EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteString("link", $"/chatroom/{chatroomId}/attachments/{file.Id}");
            writer.WriteString("sha256", file.Sha256);
            if (attachments == ExportedAttachments.Base64 && attachmentStore is not null
                && await attachmentStore.OpenReadAsync(file.Sha256, cancellationToken) is { } content)
            {
                await using (content)
                {
                    writer.WritePropertyName("data");
                    var buffer = new byte[Base64Chunk];
                    int read;
                    do
                    {
                        read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                        writer.WriteBase64StringSegment(buffer.AsSpan(0, read), isFinalSegment: read < buffer.Length);
                        await SendAsync(writer, pipe, cancellationToken);
                    }
                    while (read == buffer.Length);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Hands what the writer holds to the pipe, and the pipe's bytes to the client.</summary>
    private static async Task SendAsync(Utf8JsonWriter writer, PipeWriter pipe, CancellationToken cancellationToken)
    {
        writer.Flush();
        await pipe.FlushAsync(cancellationToken);
    }

    private void Write<T>(Utf8JsonWriter writer, string name, T value)
    {
        writer.WritePropertyName(name);
        JsonSerializer.Serialize(writer, value, json);
    }

    private void Write<T>(Utf8JsonWriter writer, T value) => JsonSerializer.Serialize(writer, value, json);
}

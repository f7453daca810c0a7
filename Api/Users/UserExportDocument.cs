using System.Text.Json.Serialization;
using GeminiClone.Api.Billing;
using GeminiClone.Api.Chatrooms;
using GeminiClone.Api.Preferences;
using GeminiClone.Api.Folders;

namespace GeminiClone.Api.Users;

/// <summary>
/// The shape <see cref="UserExport"/> writes, for the OpenAPI document only: the export is written piece by piece as
/// it is read, never as one object, so this type says what a client receives without being serialized itself.
/// </summary>
/// <param name="User">Null only when the account is already gone.</param>
public sealed record UserExportDocument(
    int FormatVersion,
    DateTime ExportedAt,
    UserData? User,
    SubscriptionData Subscription,
    IReadOnlyList<SessionData> Sessions,
    ExportedUsage Usage,
    PreferencesData Preferences,
    IReadOnlyList<GemData> Gems,
    IReadOnlyList<FolderData> Folders,
    IReadOnlyList<ExportedChatroom> Chatrooms,
    IReadOnlyList<ExportedShare> Shares);

/// <summary>The usage figures kept for the user: the last 400 UTC days, as <c>GET /user/usage</c> shows them.</summary>
public sealed record ExportedUsage(
    DateOnly From, DateOnly To, IReadOnlyList<UsageDayData> Days, IReadOnlyList<ModelUsageData> Models, UsageFiguresData Totals)
{
    public static ExportedUsage Of(GeminiClone.Grains.Interfaces.Usage.UsageReport report) => new(
        report.From, report.To, [.. report.Days.Select(d => new UsageDayData(d.Day, [.. d.Models.Select(ModelUsageData.From)]))],
        [.. report.Models.Select(ModelUsageData.From)], UsageFiguresData.From(report.Totals));
}

/// <summary>A share link the user made: anyone with <paramref name="Url"/> reads a snapshot of that chatroom.</summary>
/// <param name="MessageCount">How many messages the snapshot holds.</param>
public sealed record ExportedShare(string Id, string ChatroomId, string Url, DateTime CreatedAt, int MessageCount);

/// <summary>
/// A chatroom with every message of every branch (and version), and its files. Temporary chats are never exported.
/// Messages come in the order they were stored, each with its <c>id</c> and <c>parentId</c> (null at the root), so the
/// tree rebuilds from them; <c>leafId</c> ends the current path.
/// </summary>
/// <param name="FolderId">One of <c>folders</c>, or null.</param>
/// <param name="Gem">The Gem it was started from; absent for none.</param>
/// <param name="LeafId">The last message of the current path (-1 for a chatroom without messages).</param>
public sealed record ExportedChatroom(
    string Id,
    string Title,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool Pinned,
    bool Archived,
    string? FolderId,
    ChatroomSettingsData Settings,
    IReadOnlyList<MessageData> Messages,
    IReadOnlyList<ExportedAttachment> Attachments,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GemReferenceData? Gem = null,
    int LeafId = -1);

/// <summary>An attachment's metadata, where to download it, and with <c>Export:Attachments=Base64</c> its bytes.</summary>
/// <param name="Data">The file's bytes in base64; present only when the export includes them.</param>
public sealed record ExportedAttachment(
    string Id,
    string Name,
    string MediaType,
    long Size,
    int? Width,
    int? Height,
    DateTime UploadedAt,
    bool Sent,
    string Link,
    string Sha256,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Data = null);

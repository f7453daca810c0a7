using System.Globalization;
using System.Text;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.AspNetCore.WebUtilities;

namespace GeminiClone.Grains.Users;

/// <summary>
/// The rules of a user's chatroom list: pinned first, then latest activity first (ties by id, so the order is
/// total); archived and temporary chatrooms only when asked for; a folder that no longer exists is no folder. Pages
/// are cut by a keyset cursor (the place of the page's last chatroom in that order), so a chatroom created or moved
/// while a client pages never shifts the pages that follow.
/// </summary>
internal static class ChatroomListing
{
    public static ChatroomListPage Page(IEnumerable<ChatroomSummary> chatrooms, ChatroomListQuery query, IReadOnlySet<string> folders)
    {
        Place? after = null;
        if (query.Cursor is { } cursor && (after = ReadCursor(cursor)) is null)
        {
            return new ChatroomListPage(ChatroomListStatus.InvalidCursor, [], null);
        }

        var listed = chatrooms
            .Select(c => c.FolderId is { } folder && !folders.Contains(folder) ? c with { FolderId = null } : c)
            .Where(c => c.Archived == query.Archived && c.Temporary == query.Temporary)
            .Where(c => query.FolderId is null || c.FolderId == query.FolderId)
            .Where(c => after is null || Compare(Place.Of(c), after) > 0)
            .OrderBy(Place.Of, Comparer<Place>.Create(Compare))
            .ToList();
        if (query.Limit is not { } limit || listed.Count <= limit)
        {
            return new ChatroomListPage(ChatroomListStatus.Listed, listed, null);
        }

        var page = listed.GetRange(0, limit);
        return new ChatroomListPage(ChatroomListStatus.Listed, page, WriteCursor(Place.Of(page[^1])));
    }

    /// <summary>Where a chatroom stands in the list.</summary>
    private sealed record Place(bool Pinned, long UpdatedAtTicks, string Id)
    {
        public static Place Of(ChatroomSummary chatroom) => new(chatroom.Pinned, chatroom.UpdatedAt.UtcTicks, chatroom.Id);
    }

    /// <summary>Negative when <paramref name="a"/> comes first: pinned, then newer, then the larger id.</summary>
    private static int Compare(Place a, Place b) =>
        a.Pinned != b.Pinned ? (a.Pinned ? -1 : 1)
        : a.UpdatedAtTicks != b.UpdatedAtTicks ? b.UpdatedAtTicks.CompareTo(a.UpdatedAtTicks)
        : string.CompareOrdinal(b.Id, a.Id);

    private static string WriteCursor(Place place) => WebEncoders.Base64UrlEncode(
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{(place.Pinned ? 1 : 0)}.{place.UpdatedAtTicks}.{place.Id}")));

    private static Place? ReadCursor(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor)).Split('.', 3);
            return parts.Length == 3 && parts[0] is "0" or "1"
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && parts[2].Length is > 0 and <= 64
                ? new Place(parts[0] == "1", ticks, parts[2])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

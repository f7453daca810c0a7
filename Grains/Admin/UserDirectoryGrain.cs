using System.Buffers.Text;
using System.Globalization;
using System.Text;
using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Users.ApiKeys;
using GeminiClone.Grains.Interfaces.Users.Passkeys;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Admin;

/// <summary>No state of its own, so every silo runs it locally: the gateway's call never crosses the cluster for it.</summary>
[StatelessWorker]
public sealed class UserDirectoryGrain(IUserDirectory directory, IOptions<AdminOptions> options) : Grain, IUserDirectoryGrain
{
    public async Task<UserDirectoryPage> FindAsync(string? query, int limit, string? cursor)
    {
        DirectoryPosition? after = null;
        if (cursor is not null)
        {
            if (Cursor.TryRead(cursor) is not { } position)
            {
                return new UserDirectoryPage([], null, InvalidCursor: true);
            }

            after = position;
        }

        // One more than asked says whether another page follows.
        var found = await directory.FindAsync(DirectoryQuery.Parse(query, options.Value.DefaultRegion), after, limit + 1);
        var page = found.Take(limit).ToList();
        return new UserDirectoryPage(page, found.Count > limit ? Cursor.After(page[^1]) : null);
    }

    public async Task<AdminUserDetails?> GetUserAsync(string userId)
    {
        if (await GrainFactory.GetGrain<IUserAdminGrain>(userId).GetAdminViewAsync() is not { } user)
        {
            return null;
        }

        var passkeys = GrainFactory.GetGrain<IUserPasskeysGrain>(userId).GetPasskeysAsync();
        var apiKeys = GrainFactory.GetGrain<IApiKeyRingGrain>(userId).ListAsync();
        return new AdminUserDetails(user, (await passkeys).Count, (await apiKeys).Count);
    }

    /// <summary>A page's end as an opaque token: the last row's creation time (ticks) and id, base64url.</summary>
    private static class Cursor
    {
        public static string After(UserDirectoryEntry last) =>
            Base64Url.EncodeToString(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{last.CreatedAt.UtcTicks}:{last.UserId}")));

        public static DirectoryPosition? TryRead(string cursor)
        {
            try
            {
                var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':', 2);
                return parts.Length == 2 && parts[1].Length > 0
                    && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                    && ticks <= DateTimeOffset.MaxValue.UtcTicks
                    ? new DirectoryPosition(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1])
                    : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}

using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Admin;

/// <summary>
/// Usage for the admin API, read from each user's own usage grain (<see cref="IUserUsageGrain"/>, the figures the
/// user sees). Every fan-out here is over a list whose length the API bounds, asked in parallel: a page of the
/// directory (at most <see cref="AdminEndpoints.MaxUserLimit"/> users) or the users who cost most (at most
/// <see cref="AdminReportEndpoints.TopUsers"/>). The service-wide figures come from the days' grains instead, so
/// nothing here ever asks every user.
/// </summary>
internal static class AdminUsageReads
{
    /// <summary>This month's usage of each user of a directory page, in the page's order.</summary>
    public static async Task<IReadOnlyList<AdminUserSummaryData>> PageWithUsageAsync(
        IGrainFactory grains, IReadOnlyList<UserDirectoryEntry> page, DateTimeOffset now)
    {
        var today = UsageDays.DayOf(now);
        var month = DayRange.MonthOf(today);
        return await Task.WhenAll(page.Select(async entry =>
        {
            var report = await grains.GetGrain<IUserUsageGrain>(entry.UserId).GetReportAsync(month, today, entry.Tier);
            return AdminUserSummaryData.From(entry, AdminUsageSummaryData.From(month, report.Totals));
        }));
    }

    /// <summary>The user's usage by day over <paramref name="range"/>, and this month's in brief.</summary>
    public static async Task<(AdminUsageSummaryData ThisMonth, AdminUserUsageData Range)> OfUserAsync(
        IGrainFactory grains, string userId, UserTier tier, DayRange range, DateTimeOffset now)
    {
        var usage = grains.GetGrain<IUserUsageGrain>(userId);
        var today = UsageDays.DayOf(now);
        var month = DayRange.MonthOf(today);
        var thisMonth = usage.GetReportAsync(month, today, tier);
        var asked = usage.GetReportAsync(range.From, range.To, tier);
        return (AdminUsageSummaryData.From(month, (await thisMonth).Totals), AdminUserUsageData.Of(await asked));
    }

    /// <summary>
    /// The users the days' grains ranked as costing most, each with its own figures over the range and its name;
    /// a user deleted meanwhile is left out. Ordered by those figures' cost, most first (ties by id).
    /// </summary>
    public static async Task<IReadOnlyList<AdminUserCostData>> TopUsersAsync(IGrainFactory grains, IReadOnlyList<UserCost> ranked, DayRange range)
    {
        var rows = await Task.WhenAll(ranked.Select(async ranking =>
        {
            if (await grains.GetGrain<IUserAdminGrain>(ranking.UserId).GetAdminViewAsync() is not { } user)
            {
                return null;
            }

            var totals = (await grains.GetGrain<IUserUsageGrain>(user.Id).GetReportAsync(range.From, range.To, user.Tier)).Totals;
            return new AdminUserCostData(
                user.Id, MaskedNumbers.Mask(user.MobileNumber), user.Name, totals.Cost, totals.Turns, AdminUsageSummaryData.TokensOf(totals));
        }));
        return [.. rows.OfType<AdminUserCostData>().OrderByDescending(r => r.EstimatedCost).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }
}

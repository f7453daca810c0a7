using System.ComponentModel.DataAnnotations;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Admin;

/// <summary>A user as the directory lists it.</summary>
/// <param name="MaskedNumber">The mobile number with all but the country code's first digits and the last two hidden.</param>
/// <param name="Tier">The plan in force: Pro when paid or complimentary.</param>
/// <param name="LastActiveAt">Last request or sign-in, to within an hour; null before the first.</param>
/// <param name="UsageThisMonth">This UTC month's turns, tokens and estimated cost, from the user's own usage record.</param>
public sealed record AdminUserSummaryData(
    string Id, string MaskedNumber, string Name, UserTier Tier, DateTime CreatedAt, DateTime? LastActiveAt, bool Suspended,
    AdminUsageSummaryData UsageThisMonth)
{
    public static AdminUserSummaryData From(UserDirectoryEntry entry, AdminUsageSummaryData usageThisMonth) => new(
        entry.UserId, MaskedNumbers.Mask(entry.MobileNumber), entry.Name, entry.Tier, entry.CreatedAt.UtcDateTime,
        entry.LastActiveAt?.UtcDateTime, entry.Suspended, usageThisMonth);
}

/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last.</param>
public sealed record AdminUserPageData(IReadOnlyList<AdminUserSummaryData> Items, string? NextCursor);

/// <summary>One user for operators: the directory's fields and what the account holds, never a secret or a conversation.</summary>
/// <param name="Roles">Lower-case role names: <c>admin</c>.</param>
/// <param name="Suspension">Set while the account is suspended.</param>
/// <param name="ComplimentaryPlan">A plan an operator gave, while it lasts (a paid plan is the subscription's, see Tier).</param>
/// <param name="Sessions">Open sign-in sessions.</param>
/// <param name="UsageThisMonth">This UTC month's turns, tokens and estimated cost.</param>
/// <param name="Usage">Usage by day and model over the range asked (default: this UTC month so far).</param>
public sealed record AdminUserData(
    string Id,
    string MaskedNumber,
    string Name,
    UserTier Tier,
    DateTime CreatedAt,
    DateTime? LastActiveAt,
    bool Suspended,
    IReadOnlyList<string> Roles,
    SuspensionData? Suspension,
    ComplimentaryPlanData? ComplimentaryPlan,
    int Sessions,
    int Passkeys,
    int Chatrooms,
    int ApiKeys,
    AdminUsageSummaryData UsageThisMonth,
    AdminUserUsageData Usage)
{
    public static AdminUserData From(AdminUserDetails details, (AdminUsageSummaryData ThisMonth, AdminUserUsageData Range) usage)
    {
        var user = details.User;
        return new AdminUserData(
            user.Id, MaskedNumbers.Mask(user.MobileNumber), user.Name, user.Tier, user.CreatedAt.UtcDateTime, user.LastActiveAt?.UtcDateTime,
            user.Suspension is not null, [.. user.Roles.Select(role => role.ToString().ToLowerInvariant())],
            user.Suspension is { } suspension ? new SuspensionData(suspension.At.UtcDateTime, suspension.By, suspension.Reason) : null,
            user.Complimentary is { } plan ? new ComplimentaryPlanData(plan.Tier, plan.Until?.UtcDateTime, plan.GrantedAt.UtcDateTime, plan.GrantedBy) : null,
            user.Sessions, details.Passkeys, user.Chatrooms, details.ApiKeys, usage.ThisMonth, usage.Range);
    }
}

/// <param name="By">The operator's user id.</param>
public sealed record SuspensionData(DateTime At, string By, string Reason);

/// <param name="Until">When it ends by itself; null: until an operator takes it away.</param>
/// <param name="GrantedBy">The operator's user id.</param>
public sealed record ComplimentaryPlanData(UserTier Tier, DateTime? Until, DateTime GrantedAt, string GrantedBy);

/// <summary><c>POST /admin/users/:id/roles</c>: grant (<c>granted: true</c>) or take a role.</summary>
/// <param name="Role">The role; <c>admin</c> is the only one.</param>
public sealed record RoleChangeRequest(
    [property: Required][AllowedValues("admin")] string Role,
    [property: Required] bool? Granted);

/// <summary><c>POST /admin/users/:id/suspend</c>.</summary>
/// <param name="Reason">Why, for operators (the user is not shown it), 1-500 characters.</param>
public sealed record SuspendRequest([property: Required][TextLength(1, 500, Trimmed = true)] string Reason);

/// <summary><c>PUT /admin/users/:id/plan</c>.</summary>
/// <param name="Tier"><c>Pro</c>: a complimentary Pro; <c>Basic</c>: take a complimentary plan away (a paid Pro stays Pro either way).</param>
/// <param name="Until">When a complimentary Pro ends by itself; omitted: until taken away. Only with <c>Pro</c>.</param>
public sealed record PlanRequest([property: Required] UserTier? Tier, DateTimeOffset? Until = null);

/// <summary>An audit event. <c>details</c> holds a few safe facts (a sign-in's method, a key's id, a reason, a tier).</summary>
/// <param name="Sequence">Strictly increasing; pass the last one seen as <c>after</c> to read on.</param>
/// <param name="Actor">The user id that acted, or <c>system</c>.</param>
/// <param name="Subject">The user id the event is about; null when there is no account (a lock of a number without one).</param>
/// <param name="IpAddress">The client's address as the gateway saw it; null for the service's own work.</param>
public sealed record AuditEntryData(
    long Sequence, DateTime At, string Kind, string Actor, string? Subject, string? IpAddress, IReadOnlyDictionary<string, string> Details)
{
    public static AuditEntryData From(AuditRecord record) => new(
        record.Sequence, record.Entry.At.UtcDateTime, record.Entry.Kind, record.Entry.Actor, record.Entry.Subject, record.Entry.IpAddress,
        record.Entry.Details);
}

/// <param name="NextAfter">The last sequence in <c>items</c> (or the <c>after</c> asked, when there were none): pass it as <c>after</c>.</param>
public sealed record AuditPageData(IReadOnlyList<AuditEntryData> Items, long NextAfter);

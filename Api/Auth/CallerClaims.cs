using System.Security.Claims;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Auth;

/// <summary>
/// What the user's grain said about the caller, as claims the policies read: its roles and whether the account is
/// suspended. Added by the token and API key checks after they asked the grain; claims of these types that came in
/// the token itself are dropped first, so nothing a token carries can grant a role.
/// </summary>
public static class CallerClaims
{
    public const string Role = "gc_role";
    public const string Suspended = "gc_suspended";

    public static string RoleName(UserRole role) => role.ToString().ToLowerInvariant();

    public static void Apply(ClaimsIdentity identity, CallerCheck check)
    {
        Strip(identity);
        if (check.Status == CallerStatus.Suspended)
        {
            identity.AddClaim(new Claim(Suspended, "true"));
            return;
        }

        identity.AddClaims(check.Roles.Select(role => new Claim(Role, RoleName(role))));
    }

    /// <summary>Drops the claims of these types a token may have carried in: only the user's grain states them.</summary>
    public static void Strip(ClaimsIdentity identity)
    {
        foreach (var stale in identity.Claims.Where(c => c.Type is Role or Suspended).ToList())
        {
            identity.RemoveClaim(stale);
        }
    }
}

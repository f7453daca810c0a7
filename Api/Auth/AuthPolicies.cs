using System.Security.Claims;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Auth;

/// <summary>
/// Who may call what. Every user route takes a signed-in person (an access token) or a program (an API key); the
/// routes that manage credentials (passkeys, API keys, passwords, sessions, the account itself) take only a person,
/// so a leaked key cannot mint itself more keys, lock its owner out or delete the account; the admin API takes only
/// a person whose user holds the admin role. Every policy refuses a suspended account. Roles and suspension are not
/// read from the token: the user's grain states them on every request (<see cref="CallerClaims"/>), so a grant, a
/// revocation or a suspension counts from the next request on, on every gateway.
/// </summary>
public static class AuthPolicies
{
    /// <summary>A person signed in with an access token; an API key gets 403.</summary>
    public const string SignedInPerson = "SignedInPerson";

    /// <summary>A person signed in with an access token whose user holds the admin role.</summary>
    public const string Admin = "Admin";

    /// <summary>How the caller authenticated: <see cref="ApiKeyMethod"/> for an API key (RFC 8176's <c>amr</c> claim).</summary>
    public const string MethodClaim = "amr";
    public const string ApiKeyMethod = "api_key";

    public static bool IsApiKey(this ClaimsPrincipal principal) => principal.HasClaim(MethodClaim, ApiKeyMethod);

    public static bool IsSuspended(this ClaimsPrincipal principal) => principal.HasClaim(CallerClaims.Suspended, "true");

    public static bool HasRole(this ClaimsPrincipal principal, UserRole role) => principal.HasClaim(CallerClaims.Role, CallerClaims.RoleName(role));

    public static TBuilder RequireSignedInPerson<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(SignedInPerson);

    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Admin);
}

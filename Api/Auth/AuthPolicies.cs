using System.Security.Claims;

namespace GeminiClone.Api.Auth;

/// <summary>
/// Who may call what. Every user route takes a signed-in person (an access token) or a program (an API key); the
/// routes that manage credentials (passkeys, API keys, passwords, sessions, the account itself) take only a person,
/// so a leaked key cannot mint itself more keys, lock its owner out or delete the account.
/// </summary>
public static class AuthPolicies
{
    /// <summary>A person signed in with an access token; an API key gets 403.</summary>
    public const string SignedInPerson = "SignedInPerson";

    /// <summary>How the caller authenticated: <see cref="ApiKeyMethod"/> for an API key (RFC 8176's <c>amr</c> claim).</summary>
    public const string MethodClaim = "amr";
    public const string ApiKeyMethod = "api_key";

    public static bool IsApiKey(this ClaimsPrincipal principal) => principal.HasClaim(MethodClaim, ApiKeyMethod);

    public static TBuilder RequireSignedInPerson<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(SignedInPerson);
}

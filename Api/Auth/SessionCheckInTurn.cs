using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Auth;

/// <summary>
/// The routes that send a turn leave the access token's session check to the turn: the chatroom has the user's grain
/// check the token in the call that holds the turn's quota slot, which every turn makes anyway, and refuses the turn
/// (401, or 403 for a suspended account) before anything is asked, stored or charged; a turn that ends before it
/// (a replay, a chatroom not found) has the token checked on its own first. That saves one grain call on the busiest
/// route (the Benchmarks README has the figure). The gateway still validates the token itself (signature, issuer,
/// audience, lifetime), so the user id the turn carries is the token's; only whether it was revoked since is asked
/// later. An API key is checked at the gateway as everywhere.
/// </summary>
public static class SessionCheckInTurn
{
    private const string CredentialItem = "GeminiClone.CallerCredential";

    /// <summary>Marks an endpoint whose handler passes <see cref="CredentialLeftToTurn"/> on with its turn.</summary>
    public static RouteHandlerBuilder ChecksSessionInTurn(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(Marker.Instance);

    /// <summary>Whether the token check in front of this request is the turn's to make.</summary>
    internal static bool IsLeftToTurn(HttpContext httpContext) => httpContext.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null;

    /// <summary>Called by the token check instead of asking the user's grain.</summary>
    internal static void LeaveToTurn(HttpContext httpContext, CallerCredential credential) => httpContext.Items[CredentialItem] = credential;

    /// <summary>The token the turn must have checked; null when the gateway checked the caller (an API key).</summary>
    public static CallerCredential? CredentialLeftToTurn(this HttpContext httpContext) => httpContext.Items[CredentialItem] as CallerCredential;

    private sealed class Marker
    {
        public static readonly Marker Instance = new();
    }
}

using System.Security.Claims;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Api.Auth;

/// <summary>Who is calling: the authenticated user's id and, when an endpoint shows it, their profile.</summary>
public static class CallerExtensions
{
    private const string ProfileItem = "GeminiClone.Profile";

    /// <summary>The authenticated user's id; only called behind <c>RequireAuthorization</c>, where it always exists.</summary>
    public static string GetUserId(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(AccessTokens.UserIdClaim)
        ?? throw new InvalidOperationException("An authenticated principal carries no user id.");

    /// <summary>The sign-in session the caller's token belongs to; null for a token minted before sessions existed.</summary>
    public static string? GetSessionId(this ClaimsPrincipal principal) => principal.FindFirstValue(AccessTokens.SessionIdClaim);

    /// <summary>Who the gateway sees calling: the user agent and the peer's IP address, for the session list.</summary>
    public static SessionClient GetSessionClient(this HttpContext httpContext) => new(
        httpContext.Request.Headers.UserAgent is { Count: > 0 } agent ? agent.ToString() : null,
        httpContext.Connection.RemoteIpAddress?.ToString());

    /// <summary>
    /// The caller's profile: the one the token check fetched anyway (so <c>/user/me</c> costs one grain call, not
    /// two), else fetched now; null when the user no longer exists.
    /// </summary>
    public static async ValueTask<UserProfile?> GetCallerProfileAsync(this HttpContext httpContext, IGrainFactory grains) =>
        httpContext.Items[ProfileItem] as UserProfile
        ?? await grains.GetGrain<IUserGrain>(httpContext.User.GetUserId()).GetProfileAsync();

    /// <summary>Called by the token check with the profile it fetched to compare the token's version.</summary>
    internal static void RememberCallerProfile(this HttpContext httpContext, UserProfile profile) =>
        httpContext.Items[ProfileItem] = profile;
}

using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using GeminiClone.Api.Problems;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Interfaces.Users.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Auth;

/// <summary>
/// <c>Authorization: Bearer gc_...</c>: a program's API key. The key's grain says whose it is (so a revoked key is
/// dead at once on every gateway), the owner's grain that the account still exists (and whether it is suspended); the principal carries the
/// user id as an access token would, and <c>amr=api_key</c>, which keeps it off the credential routes.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    ClusterOutages outages)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "kid";

    private const string UnreachableItem = "GeminiClone.ApiKey.ClusterUnreachable";

    /// <summary>Whether a request presents an API key rather than an access token.</summary>
    /// <remarks>
    /// Asked on every user request to pick the scheme, so it reads the header in place: parsing it into an
    /// <see cref="AuthenticationHeaderValue"/> copied the whole access token on every request (1 KB of a chat turn's
    /// allocations). It only picks; the key's handler parses the header properly.
    /// </remarks>
    public static bool Presents(HttpContext context)
    {
        const string Bearer = "Bearer";
        var header = context.Request.Headers.Authorization.ToString().AsSpan().Trim();
        return header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            && header.Length > Bearer.Length && char.IsWhiteSpace(header[Bearer.Length])
            && ApiKeyFormat.LooksLikeKey(header[Bearer.Length..].TrimStart());
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header) || header.Parameter is not { } key
            || !ApiKeyFormat.LooksLikeKey(key))
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeyFormat.IsWellFormed(key))
        {
            return AuthenticateResult.Fail("The API key is malformed.");
        }

        var hash = ApiKeyFormat.Hash(key);
        var keyId = ApiKeyFormat.IdOf(hash);
        CallerCheck? owner;
        try
        {
            // Two reads, asked again as one during a failover, within the request's deadline.
            owner = await outages.RepeatDuringFailoverAsync(
                () => FindOwnerAsync(keyId, hash), RequestDeadline.Of(Context), Context.RequestAborted);
        }
        catch (Exception e) when (ClusterOutages.IsUnavailable(e))
        {
            outages.Record(e);
            Context.Items[UnreachableItem] = true;
            return AuthenticateResult.Fail("The cluster cannot be reached.");
        }

        if (owner is not { Status: CallerStatus.Valid or CallerStatus.Suspended, Profile: { } profile })
        {
            return AuthenticateResult.Fail("The API key is invalid, revoked or expired.");
        }

        Context.RememberCallerProfile(profile);
        var identity = new ClaimsIdentity(
            [
                new Claim(AccessTokens.UserIdClaim, profile.Id),
                new Claim(AuthPolicies.MethodClaim, AuthPolicies.ApiKeyMethod),
                new Claim(KeyIdClaim, keyId),
            ],
            SchemeName, AccessTokens.UserIdClaim, roleType: null);
        // A suspended owner's key is recognised, and refused by every policy with the suspended problem.
        CallerClaims.Apply(identity, owner);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(UnreachableItem))
        {
            return ApiProblems.WriteUnavailableAsync(Context);
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "The API key is invalid, revoked or expired.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden,
            "API keys cannot manage credentials or the account; sign in as a person (an access token) for this.");

    private async Task<CallerCheck?> FindOwnerAsync(string keyId, byte[] hash) =>
        await grains.GetGrain<IApiKeyGrain>(keyId).AuthenticateAsync(hash) is { } userId
            ? await grains.GetGrain<IUserGrain>(userId).CheckKeyOwnerAsync()
            : null;
}

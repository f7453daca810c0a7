using GeminiClone.Api.Problems;
using GeminiClone.Grains.Hosting;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace GeminiClone.Api.Auth;

/// <summary>
/// Validates tokens strictly (HS256 only, issuer, audience, lifetime), then asks the user's grain whether the
/// token's version is still current (a password change or reset bumps it and so revokes older tokens), its
/// session still open, and what roles the user holds and whether it is suspended (<see cref="CallerClaims"/>). The
/// grain answers from memory, so this costs one in-process call. The token's own validation is done once per token
/// (<see cref="ValidatedTokens"/>). On the routes that send a turn, the turn asks instead (<see cref="SessionCheckInTurn"/>).
/// </summary>
internal sealed class JwtBearerSetup(IOptions<JwtOptions> jwtOptions, ValidatedTokens validatedTokens) : IConfigureNamedOptions<JwtBearerOptions>
{
    /// <summary>What a revoked token is told, here and where a turn found it revoked (<see cref="SessionCheckInTurn"/>).</summary>
    internal const string RevokedDetail = CallerRefusals.Revoked;

    private const string RevokedItem = "GeminiClone.TokenRevoked";
    private const string UnreachableItem = "GeminiClone.ClusterUnreachable";

    public void Configure(string? name, JwtBearerOptions options) => Configure(options);

    public void Configure(JwtBearerOptions options)
    {
        var jwt = jwtOptions.Value;
        options.MapInboundClaims = false;
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(validatedTokens);
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            IssuerSigningKey = AccessTokens.SigningKey(jwt),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = AccessTokens.UserIdClaim,
        };
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = RejectRevokedTokensAsync,
            OnChallenge = WriteProblemAsync,
        };
    }

    private static async Task RejectRevokedTokensAsync(TokenValidatedContext context)
    {
        var userId = context.Principal?.FindFirst(AccessTokens.UserIdClaim)?.Value;
        var versionClaim = context.Principal?.FindFirst(AccessTokens.TokenVersionClaim)?.Value;
        // A blank id cannot be a grain key; only a token signed with a leaked secret could carry one.
        if (string.IsNullOrWhiteSpace(userId) || !int.TryParse(versionClaim, out var version))
        {
            context.Fail("The token lacks a user id or version.");
            return;
        }

        var sessionId = context.Principal?.FindFirst(AccessTokens.SessionIdClaim)?.Value;
        if (SessionCheckInTurn.IsLeftToTurn(context.HttpContext) && context.Principal?.Identity is System.Security.Claims.ClaimsIdentity sender)
        {
            // A turn's route: the turn checks the token with its quota slot, in a call it makes anyway. No roles are
            // needed there, and none may come from the token.
            CallerClaims.Strip(sender);
            SessionCheckInTurn.LeaveToTurn(context.HttpContext, new CallerCredential(version, sessionId));
            return;
        }

        var services = context.HttpContext.RequestServices;
        var outages = services.GetRequiredService<ClusterOutages>();
        var user = services.GetRequiredService<GrainReferences>().Get<IUserGrain>(userId);
        CallerCheck check;
        try
        {
            // The check only reads: while a silo's grains move to the survivors, it is asked again rather than failed,
            // within the request's deadline, which the endpoint behind it shares.
            // A session's token also dies with its session (logout, revocation, refresh-token reuse), at once.
            check = await outages.RepeatDuringFailoverAsync(
                () => user.CheckTokenAsync(version, sessionId), RequestDeadline.Of(context.HttpContext), context.HttpContext.RequestAborted);
        }
        catch (Exception e) when (ClusterOutages.IsUnavailable(e))
        {
            // Not the token's fault: the challenge answers 503, and the outage is logged once, not per request.
            outages.Record(e);
            context.HttpContext.Items[UnreachableItem] = true;
            context.Fail("The cluster cannot be reached.");
            return;
        }

        if (check is { Status: CallerStatus.Valid or CallerStatus.Suspended, Profile: { } profile }
            && context.Principal?.Identity is System.Security.Claims.ClaimsIdentity identity)
        {
            // A suspended account is who it says it is: the policies refuse it with a 403 that says why.
            CallerClaims.Apply(identity, check);
            context.HttpContext.RememberCallerProfile(profile);
            return;
        }

        context.HttpContext.Items[RevokedItem] = true;
        context.Fail("The token has been revoked.");
    }

    private static Task WriteProblemAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        if (context.HttpContext.Items.ContainsKey(UnreachableItem))
        {
            return ApiProblems.WriteUnavailableAsync(context.HttpContext);
        }

        var detail = context switch
        {
            { AuthenticateFailure: SecurityTokenExpiredException } => "The token has expired; sign in again.",
            _ when context.HttpContext.Items.ContainsKey(RevokedItem) => RevokedDetail,
            { AuthenticateFailure: not null } => "The token is invalid.",
            _ => "Authentication required: send Authorization: Bearer <token>.",
        };
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, detail);
    }
}

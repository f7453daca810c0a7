using GeminiClone.Api.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace GeminiClone.Api.Auth;

/// <summary>
/// Says why a signed-in caller was refused: the account is suspended (<see cref="SuspendedAccount"/>), or the route
/// is the admin API and the caller no admin person. Other refusals go to the schemes as before (an API key on a
/// credential route).
/// </summary>
internal sealed class AuthorizationProblems : IAuthorizationMiddlewareResultHandler
{
    public const string NotAnAdmin =
        "The admin API needs an operator: a user with the admin role, signed in as a person (an access token, not an API key).";

    private readonly AuthorizationMiddlewareResultHandler _schemes = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.IsSuspended())
        {
            return SuspendedAccount.WriteAsync(context);
        }

        if (authorizeResult.Forbidden && policy.Requirements.OfType<ClaimsAuthorizationRequirement>().Any(r => r.ClaimType == CallerClaims.Role))
        {
            return ApiProblems.WriteAsync(context, StatusCodes.Status403Forbidden, NotAnAdmin);
        }

        return _schemes.HandleAsync(next, context, policy, authorizeResult);
    }
}

using GeminiClone.Api.Auth;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Endpoints;

public static class SubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptionApi(this IEndpointRouteBuilder app)
    {
        var subscription = app.MapGroup("/subscription").WithTags("Subscription").RequireAuthorization();
        subscription.MapGet("/status", GetStatusAsync).WithName("GetSubscriptionStatus")
            .WithSummary("The caller's tier, subscription and today's message usage");
        return app;
    }

    public static async Task<Ok<SubscriptionStatusResponse>> GetStatusAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var status = await grains.GetGrain<IUserGrain>(httpContext.User.GetUserId()).GetSubscriptionStatusAsync();
        return TypedResults.Ok(new SubscriptionStatusResponse(
            true, "Current subscription plan fetched", status.Tier, new SubscriptionData(QuotaData.From(status.Quota))));
    }
}

/// <summary>The original put <c>tier</c> at the top level of this one response.</summary>
public sealed record SubscriptionStatusResponse(bool Success, string Message, UserTier Tier, SubscriptionData Data);

public sealed record SubscriptionData(QuotaData Usage);

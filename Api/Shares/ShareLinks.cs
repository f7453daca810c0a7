using GeminiClone.Api.Auth;
using GeminiClone.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Shares;

/// <summary>The absolute address of a share link, from the configured public base or, without one, the request's own.</summary>
public sealed class ShareLinks(IOptions<ShareLinkOptions> options)
{
    public const string RateLimitingPolicy = "shared";

    public string UrlOf(string shareId, HttpRequest request)
    {
        var root = options.Value.PublicBaseUrl is { } configured
            ? configured.AbsoluteUri.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return $"{root}/shared/{shareId}";
    }
}

public static class ShareLinkServices
{
    /// <summary>The links' options and addresses, and the per-address throttle on their anonymous reads.</summary>
    public static IServiceCollection AddShareLinks(this IServiceCollection services)
    {
        services.AddValidatedOptions<ShareLinkOptions>(ShareLinkOptions.Section);
        services.AddSingleton<ShareLinks>();
        // A partition of its own: readers of a popular link do not spend anyone's sign-in allowance (RateLimiting:*),
        // while one address still cannot walk the id space or pull a file in a loop.
        return services.AddRateLimiter(limiter => limiter.AddPolicy(ShareLinks.RateLimitingPolicy, context =>
            AuthRateLimiting.PerClientPerMinute(context, context.RequestServices.GetRequiredService<IOptions<ShareLinkOptions>>().Value.ReadsPerMinute)));
    }
}

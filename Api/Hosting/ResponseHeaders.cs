
namespace GeminiClone.Api.Hosting;

/// <summary>Headers a production API carries on its responses.</summary>
public static class ResponseHeaders
{
    /// <summary>
    /// <c>X-Content-Type-Options: nosniff</c> on every response. Set up front (no per-request callback on the hot
    /// path); the exception handler, which clears headers, sets it again with <see cref="SetNoSniff"/>.
    /// </summary>
    public static IApplicationBuilder UseNoSniff(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        SetNoSniff(context.Response);
        return next(context);
    });

    public static void SetNoSniff(HttpResponse response) => response.Headers.XContentTypeOptions = "nosniff";

    /// <summary>
    /// No <c>Content-Encoding: identity</c> on an event stream: ASP.NET Core's server-sent events result sets it to
    /// keep compression away, but RFC 9110 (8.4.1) says identity must not be sent in Content-Encoding. We compress
    /// nothing, so it goes. Called where a stream is answered: as a filter on every turn route it cost each plain
    /// turn a callback and an async step (0.6 % of its CPU) for streams only.
    /// </summary>
    public static void DropIdentityEncoding(HttpResponse response) => response.OnStarting(static state =>
    {
        var response = (HttpResponse)state;
        if (string.Equals(response.Headers.ContentEncoding, "identity", StringComparison.OrdinalIgnoreCase))
        {
            response.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.ContentEncoding);
        }

        return Task.CompletedTask;
    }, response);

    /// <summary><c>Cache-Control: no-store</c> for endpoints whose answers carry an OTP or a token: no cache may keep them.</summary>
    public static TBuilder WithNoStore<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(context);
        });
}

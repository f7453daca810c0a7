namespace GeminiClone.Api.Hosting;

/// <summary>Headers a production API carries on its responses.</summary>
public static class ResponseHeaders
{
    /// <summary>
    /// <c>X-Content-Type-Options: nosniff</c> on every response, errors included: set as the response starts, so
    /// the exception handler (which clears headers) cannot drop it.
    /// </summary>
    public static IApplicationBuilder UseNoSniff(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            ((HttpResponse)state).Headers.XContentTypeOptions = "nosniff";
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    });

    /// <summary><c>Cache-Control: no-store</c> for endpoints whose answers carry an OTP or a token: no cache may keep them.</summary>
    public static TBuilder WithNoStore<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(context);
        });
}

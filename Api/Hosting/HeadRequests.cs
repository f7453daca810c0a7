
namespace GeminiClone.Api.Hosting;

/// <summary>
/// HTTP requires HEAD wherever GET is served (RFC 9110 §9.3.2), but minimal APIs route only the methods they
/// list. Routed as GET, a HEAD request runs the same endpoint; Kestrel still knows the request was HEAD and sends
/// the headers without the body.
/// </summary>
public static class HeadRequests
{
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Request.Method = HttpMethods.Get;
        }

        return next(context);
    });
}

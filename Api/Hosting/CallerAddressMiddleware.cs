using GeminiClone.Grains.Interfaces.Admin;

namespace GeminiClone.Api.Hosting;

public static class CallerAddressMiddleware
{
    /// <summary>
    /// Hands the client's address (behind a proxy, what the forwarded headers say, when
    /// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> lets the host read them) to every grain call of the request, for the
    /// audit log. An async step, so the value ends with the request and never reaches the next one on the connection.
    /// </summary>
    public static IApplicationBuilder UseCallerAddress(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        CallerAddress.Set(context.Connection.RemoteIpAddress?.ToString());
        await next(context);
    });
}

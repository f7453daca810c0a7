using GeminiClone.Grains.Interfaces.Admin;

namespace GeminiClone.Api.Hosting;

/// <summary>
/// Hands the client's address (behind a proxy, what the forwarded headers say, when
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> lets the host read them) to the grain calls of the requests whose grains
/// record audit events: sign-in and its ceremonies, sessions, passwords, passkeys, API keys, the account's deletion,
/// operators' actions and the billing webhooks. Those endpoints say so with <see cref="WithCallerAddress"/>.
/// Only they: a value in Orleans' request context is copied into every request and response message of every grain
/// call the request makes, and a chat turn makes nine (a dictionary per message, and its bytes between silos), for
/// an address nothing on that path records.
/// </summary>
public static class CallerAddressMiddleware
{
    /// <summary>After routing: the endpoint's metadata decides.</summary>
    public static IApplicationBuilder UseCallerAddress(this IApplicationBuilder app) => app.Use((context, next) =>
        context.GetEndpoint()?.Metadata.GetMetadata<CallerAddressRecorded>() is null ? next(context) : WithAddressAsync(context, next));

    /// <summary>
    /// The endpoint (or every endpoint of the group) leads to grains that record audit events, so its grain calls
    /// carry the caller's address. Mark every endpoint that can write an audit event: one that is not marked writes
    /// its events without an address (<c>AuditLogTests</c> holds each kind to having one).
    /// </summary>
    public static TBuilder WithCallerAddress<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(CallerAddressRecorded.Instance);

    /// <summary>An async step, so the value ends with the request and never reaches the next one on the connection.</summary>
    private static async Task WithAddressAsync(HttpContext context, RequestDelegate next)
    {
        CallerAddress.Set(context.Connection.RemoteIpAddress?.ToString());
        await next(context);
    }

    /// <summary>The endpoint metadata <see cref="WithCallerAddress{TBuilder}"/> adds.</summary>
    private sealed class CallerAddressRecorded
    {
        public static readonly CallerAddressRecorded Instance = new();
    }
}

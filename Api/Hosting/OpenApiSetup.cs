using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace GeminiClone.Api.Hosting;

/// <summary>
/// The OpenAPI document as clients need it: the product named, the bearer scheme declared and required exactly
/// where endpoints require authorization (so Scalar's Authorize and generated clients know), and the problem shape
/// with the legacy members every error carries.
/// </summary>
public static class OpenApiSetup
{
    public const string BearerScheme = "Bearer";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Auth"] = "Sign up, one-time passwords, access and refresh tokens, passwords.",
        ["Passkeys"] = "WebAuthn passkeys: register one while signed in, sign in with it, list, rename and delete them.",
        ["User"] = "The caller's profile, preferences (instructions for every chatroom, default model and tools), sessions, API keys, data export and account deletion.",
        ["Chatrooms"] = "Conversations with Gemini: chatrooms, turns (JSON or server-sent events), stop, resume, attachments, search.",
        ["Gems"] = "Saved assistants: instructions, a model and tools that chatrooms start from.",
        ["Folders"] = "The caller's folders for chatrooms: create, list with counts, rename, delete (the chatrooms stay).",
        ["Shares"] = "Share links: a read-only snapshot of a conversation for anyone with the link, and carrying one on as a chatroom of one's own.",
        ["Gemini models"] = "The models a chatroom may use, as the caller's plan allows.",
        ["Subscription"] = "The Pro plan through Stripe Checkout, the caller's subscription status, and Stripe's webhook.",
        ["Admin"] = "For operators (users with the admin role): the user directory, roles, suspension, complimentary plans, the audit log.",
    };

    public static IServiceCollection AddGeminiCloneOpenApi(this IServiceCollection services)
    {
        services.AddOptions<OpenApiDocumentOptions>().BindConfiguration(OpenApiDocumentOptions.Section);
        return services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, context, _) =>
            {
                var about = context.ApplicationServices.GetRequiredService<IOptions<OpenApiDocumentOptions>>().Value;
                document.Info.Title = "GeminiClone API";
                document.Info.Description =
                    "A Gemini-style chat service: sign up with a mobile number, log in with a one-time password, chat with " +
                    "Google's Gemini in chatrooms within a daily quota, and subscribe to Pro through Stripe. Errors are RFC 9457 " +
                    "problem+json with the legacy members success and message.";
                document.Info.Contact = new OpenApiContact
                {
                    Name = about.ContactName,
                    Url = about.ContactUrl is { } url ? new Uri(url) : null,
                    Email = about.ContactEmail,
                };
                document.Info.License = new OpenApiLicense
                {
                    Name = about.LicenseName,
                    Url = about.LicenseUrl is { } license ? new Uri(license) : null,
                    Identifier = about.LicenseUrl is null ? about.LicenseIdentifier : null,
                };
                // The server is the one that served the document; without the trailing slash, so paths join it cleanly.
                foreach (var server in document.Servers ?? [])
                {
                    server.Url = server.Url?.TrimEnd('/');
                }

                document.Tags = new HashSet<OpenApiTag>(TagDescriptions.Select(tag => new OpenApiTag { Name = tag.Key, Description = tag.Value }));
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "The token from POST /auth/verify-otp.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(OpenApiResponseConventions.ApplyAsync);
            options.AddSchemaTransformer<OpenApiSchemaTruth>();
            options.AddDocumentTransformer(OpenApiSchemaTruth.RemoveNullsAsync);
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonTypeInfo.Type.IsAssignableTo(typeof(ProblemDetails)))
                {
                    schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                    schema.Properties["success"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Always false: what the original's clients read." };
                    schema.Properties["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The same text as detail." };
                    schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote it to operators: it finds the request's logs and traces." };
                }

                return Task.CompletedTask;
            });
        });
    }

    /// <summary>The document and Scalar's reference over it, unless <c>OpenApi:Enabled</c> is false.</summary>
    public static IEndpointRouteBuilder MapGeminiCloneApiReference(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (!OpenApiDocumentOptions.From(configuration).Enabled)
        {
            return app;
        }

        app.MapOpenApi();
        app.MapScalarApiReference(scalar => scalar
            .WithTitle("GeminiClone API")
            .AddPreferredSecuritySchemes(BearerScheme));
        return app;
    }
}

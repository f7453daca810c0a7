using System.Text.Json.Serialization;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Operators;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Shares;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Hosting;

public static class ApiServiceCollectionExtensions
{
    private const string UserScheme = "User";

    /// <summary>The gateway's own services: options, authentication, problems, throttling, validation, docs.</summary>
    public static WebApplicationBuilder AddGeminiCloneApi(this WebApplicationBuilder builder)
    {
        Listen(builder);
        AddGatewayOptions(builder.Services, builder.Configuration);
        AddUserAuthentication(builder.Services, builder.Configuration);
        AddRequestHandling(builder.Services);
        builder.Services.AddGeminiCloneOpenApi();
        return builder;
    }

    private static void Listen(WebApplicationBuilder builder)
    {
        // Every body we accept is small JSON; refusing big ones early keeps a flood from costing memory.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxJsonBodyBytes;
            // The Server header names the framework: nothing a client needs, something an attacker likes.
            kestrel.AddServerHeader = false;
        });
        if (builder.Configuration["PORT"] is { Length: > 0 } port)
        {
            // The original listened on PORT; keep that so existing deployments need no change.
            builder.WebHost.UseUrls($"http://*:{port}");
        }
    }

    private static void AddGatewayOptions(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<JwtOptionsSetup>();
        services.AddSingleton<IPostConfigureOptions<JwtOptions>>(sp => sp.GetRequiredService<JwtOptionsSetup>());
        services.AddSingleton<IValidateOptions<JwtOptions>>(sp => sp.GetRequiredService<JwtOptionsSetup>());
        services.AddValidatedOptions<JwtOptions>(JwtOptions.Section);
        services.AddSingleton<OtpDeliverySetup>();
        services.AddSingleton<IPostConfigureOptions<OtpDeliveryOptions>>(sp => sp.GetRequiredService<OtpDeliverySetup>());
        services.AddSingleton<IValidateOptions<OtpDeliveryOptions>>(sp => sp.GetRequiredService<OtpDeliverySetup>());
        services.AddValidatedOptions<OtpDeliveryOptions>(OtpDeliveryOptions.Section);
        services.AddValidatedOptions<PhoneOptions>(PhoneOptions.Section);
        services.AddValidatedOptions<RateLimitingOptions>(RateLimitingOptions.Section);
        services.AddGatewayOptions();
        services.AddValidatedOptions<GeminiClone.Api.Users.ExportOptions>(GeminiClone.Api.Users.ExportOptions.Section);
        services.AddGeminiCloneTelemetry(configuration, "gemini-clone-api");
        services.AddSingleton<GatewayMetrics>();
    }

    /// <summary>Who is calling: access tokens, API keys and operators, and the policies over them.</summary>
    private static void AddUserAuthentication(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<MobileNumbers>();
        services.AddOtpDelivery(configuration);

        // A user route takes an access token or an API key, both as "Authorization: Bearer"; the key's gc_ prefix picks.
        services.AddAuthentication(UserScheme)
            .AddPolicyScheme(UserScheme, "Access token or API key", scheme => scheme.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.Presents(context) ? ApiKeyAuthenticationHandler.SchemeName : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, OperatorAuthenticationHandler>(OperatorAuthenticationHandler.SchemeName, null);
        services.AddSingleton<ValidatedTokens>();
        services.AddSingleton<GrainReferences>();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();
        services.AddValidatedOptions<DashboardOptions>(DashboardOptions.Section);
        services.AddAuthorizationBuilder()
            // RequireAuthorization() with no policy: any user, person or program, of an account that is not suspended.
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
                .RequireAssertion(context => !context.User.IsSuspended()).Build())
            .AddPolicy(OperatorAuthenticationHandler.Policy, policy => policy
                .AddAuthenticationSchemes(OperatorAuthenticationHandler.SchemeName)
                .RequireRole(OperatorAuthenticationHandler.Role))
            .AddPolicy(AuthPolicies.SignedInPerson, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => !context.User.IsSuspended() && !context.User.IsApiKey()))
            .AddPolicy(AuthPolicies.Admin, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => !context.User.IsSuspended() && !context.User.IsApiKey())
                .RequireClaim(CallerClaims.Role, CallerClaims.RoleName(GeminiClone.Grains.Interfaces.Users.UserRole.Admin)));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationProblems>();
        services.AddAuthRateLimiting();
        services.AddShareLinks();
    }

    /// <summary>How requests are read and refused: problem details, validation, strict JSON.</summary>
    private static void AddRequestHandling(IServiceCollection services)
    {
        services.AddApiProblemDetails();
        services.AddValidation();
        // Malformed JSON, a wrong content type or an oversized body must reach our exception handler as a
        // BadHttpRequestException in every environment, not only in Development, so all get the same problem body.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Numbers are numbers: the web defaults also read "42" as 42, which made every integer in the OpenAPI
            // document "integer or string". No request of ours sends a number as a string (the OTP, which may come as
            // either, has its own converter).
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
    }
}

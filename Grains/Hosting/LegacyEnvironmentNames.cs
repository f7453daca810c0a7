using GeminiClone.Grains.Adapters.PostgreSql;
using Microsoft.Extensions.Configuration;

namespace GeminiClone.Grains.Hosting;

/// <summary>
/// The original Node service was configured by flat environment names (<c>JWT_SECRET</c>, <c>REDIS_HOST</c>, ...).
/// This source shows each of them under our sectioned key as well (<c>Jwt:Secret</c>, <c>Redis:Host</c>, ...), so an
/// existing <c>.env</c> carries over while every options class binds one section the usual .NET way.
/// </summary>
public static class LegacyEnvironmentNames
{
    public static IReadOnlyList<LegacyName> All { get; } =
    [
        new("JWT_SECRET", "Jwt:Secret"),
        new("JWT_LIFETIME", "Jwt:Lifetime"),
        new("OTP_IN_RESPONSE", "Otp:ReturnInResponse"),
        new("PHONE_DEFAULT_REGION", "Phone:DefaultRegion"),
        new("AUTH_RATE_LIMIT_PER_MINUTE", "RateLimiting:AuthPermitsPerMinute"),
        new("GEMINI_API_KEY", "Gemini:ApiKey"),
        new("GEMINI_BASE_URL", "Gemini:BaseUrl"),
        new("GEMINI_MODEL", "Gemini:Model"),
        new("BASIC_DAILY_LIMIT", "Quota:BasicDailyLimit"),
        new("PRO_DAILY_LIMIT", "Quota:ProDailyLimit"),
        new("DATABASE_URL", "ConnectionStrings:Postgres", PostgresUrl.ToConnectionString),
        new("REDIS_HOST", "Redis:Host"),
        new("REDIS_PORT", "Redis:Port"),
        new("REDIS_PASSWORD", "Redis:Password"),
        new("STRIPE_SECRET_KEY", "Stripe:SecretKey"),
        new("STRIPE_WEBHOOK_SECRET", "Stripe:WebhookSecret"),
        new("STRIPE_API_BASE", "Stripe:ApiBase"),
        new("STRIPE_PRO_PRICE_ID", "Stripe:ProPriceId"),
        new("STRIPE_SUCCESS_URL", "Stripe:SuccessUrl"),
        new("STRIPE_CANCEL_URL", "Stripe:CancelUrl"),
        new("ORLEANS_CLUSTER_ID", "Orleans:ClusterId"),
        new("ORLEANS_SERVICE_ID", "Orleans:ServiceId"),
        new("ORLEANS_SILO_PORT", "Orleans:SiloPort"),
        new("ORLEANS_GATEWAY_PORT", "Orleans:GatewayPort"),
        new("ORLEANS_ADVERTISED_IP", "Orleans:AdvertisedIPAddress"),
        new("TWILIO_ACCOUNT_SID", "Twilio:AccountSid"),
        new("TWILIO_AUTH_TOKEN", "Twilio:AuthToken"),
        new("TWILIO_FROM", "Twilio:From"),
        new("TWILIO_MESSAGING_SERVICE_SID", "Twilio:MessagingServiceSid"),
        new("TWILIO_STATUS_CALLBACK_URL", "Twilio:StatusCallbackUrl"),
        new("TWILIO_API_BASE", "Twilio:ApiBase"),
        new("WEBOTP_DOMAIN", "Sms:WebOtpDomain"),
        new("SMS_ALLOWED_COUNTRIES", "Sms:AllowedCountries"),
        new("SMS_DAILY_BUDGET", "Sms:DailyBudget"),
        new("DASHBOARD_USERNAME", "Dashboard:Username"),
        new("DASHBOARD_PASSWORD", "Dashboard:Password"),
        new("WEBAUTHN_RP_ID", "WebAuthn:RelyingPartyId"),
        new("WEBAUTHN_RP_NAME", "WebAuthn:RelyingPartyName"),
        new("WEBAUTHN_ORIGINS", "WebAuthn:Origins"),
        new("ADMIN_MOBILE_NUMBERS", "Admin:MobileNumbers"),
        new("AUDIT_RETENTION_DAYS", "Audit:RetentionDays"),
    ];

    /// <summary>
    /// Adds the mapping as the last source, so a legacy name wins over the sectioned key when both are set.
    /// It reads through <paramref name="builder"/> lazily, so sources added after it (tests do) are seen too.
    /// </summary>
    public static TBuilder AddLegacyEnvironmentNames<TBuilder>(this TBuilder builder)
        where TBuilder : IConfigurationBuilder, IConfiguration
    {
        builder.Add(new LegacyConfigurationSource(builder));
        return builder;
    }

    public sealed record LegacyName(string Legacy, string Key, Func<string, string>? Convert = null);

    private sealed class LegacyConfigurationSource(IConfiguration root) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new LegacyConfigurationProvider(root);
    }

    private sealed class LegacyConfigurationProvider(IConfiguration root) : ConfigurationProvider
    {
        private static readonly Dictionary<string, LegacyName> ByKey =
            All.ToDictionary(n => n.Key, StringComparer.OrdinalIgnoreCase);

        public override bool TryGet(string key, out string? value)
        {
            value = null;
            if (!ByKey.TryGetValue(key, out var name) || root[name.Legacy] is not { Length: > 0 } raw)
            {
                return false;
            }

            value = name.Convert is null ? raw : name.Convert(raw);
            return true;
        }

        public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
        {
            var prefix = parentPath is null ? "" : parentPath + ConfigurationPath.KeyDelimiter;
            var ours = All
                .Where(n => n.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && root[n.Legacy] is { Length: > 0 })
                .Select(n => n.Key[prefix.Length..].Split(ConfigurationPath.KeyDelimiter)[0]);
            return earlierKeys.Concat(ours).Order(ConfigurationKeyComparer.Instance);
        }
    }
}

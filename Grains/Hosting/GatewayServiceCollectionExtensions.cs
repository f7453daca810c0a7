using GeminiClone.Grains.Adapters.Images;
using GeminiClone.Grains.Adapters.PostgreSql;
using GeminiClone.Grains.Interfaces.Attachments;
using GeminiClone.Grains.Interfaces.Billing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GeminiClone.Grains.Hosting;

/// <summary>
/// What a gateway takes from the grains' assembly, whether or not it co-hosts a silo: the settings it reads, the
/// inspector that reads an upload's type from its bytes and the attachment store it streams uploads into. The
/// gateway names no adapter itself.
/// </summary>
public static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayOptions(this IServiceCollection services)
    {
        services.AddInfrastructureOptions();
        // The webhook verifies with Stripe's secret here, whether or not this process also hosts a silo.
        services.AddValidatedOptions<StripeWebhookOptions>(StripeWebhookOptions.Section);
        // Uploads are checked at the gateway (size by plan, type from the bytes) before their bytes go to the store.
        services.AddValidatedOptions<AttachmentOptions>(AttachmentOptions.Section);
        services.TryAddSingleton<IAttachmentInspector, AttachmentInspector>();
        return services;
    }

    /// <summary>
    /// Uploads stream from the gateway straight into the production store: bytes never travel through grain calls.
    /// (A co-hosted silo registers the memory store with the grains' services.)
    /// </summary>
    public static IServiceCollection AddGatewayAttachmentStore(this IServiceCollection services, string postgresConnectionString) =>
        services.AddSingleton<IAttachmentStore>(_ => new PostgresAttachmentStore(postgresConnectionString));
}

using GeminiClone.Grains.Adapters.Gemini;
using GeminiClone.Grains.Admin;
using GeminiClone.Grains.Audit;
using GeminiClone.Grains.Adapters.Images;
using GeminiClone.Grains.Adapters.InMemory;
using GeminiClone.Grains.Adapters.PostgreSql;
using GeminiClone.Grains.Adapters.Redis;
using GeminiClone.Grains.Adapters.Stripe;
using GeminiClone.Grains.Billing;
using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Chatrooms.Titles;
using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Attachments;
using GeminiClone.Grains.Search;
using GeminiClone.Grains.Telemetry;
using GeminiClone.Grains.Usage;
using GeminiClone.Grains.Users;
using GeminiClone.Grains.Users.Passkeys;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Hosting;

public static class DomainServiceCollectionExtensions
{
    /// <summary>What the grains need from the container, whichever process hosts the silo.</summary>
    public static IServiceCollection AddGeminiCloneDomain(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Every storage provider (memory, PostgreSQL) takes the default serializer: ours, whichever registered first.
        services.AddSingleton<Orleans.Storage.IGrainStorageSerializer, GrainStateSerializer>();
        // Orleans asks the container for it whenever a chatroom's state is serialized.
        services.TryAddSingleton<Chatrooms.Storage.ChatroomStatePacking>();
        services.TryAddSingleton<IPasswordHasher<UserState>, PasswordHasher<UserState>>();
        services.TryAddSingleton<AccountSecurity>();
        services.TryAddSingleton<AccountServices>();
        // The embedded mode's chatroom lists; the production cluster registers PostgreSQL's first.
        services.TryAddSingleton<IChatroomListStore, MemoryChatroomListStore>();
        services.TryAddSingleton<PlanLimits>();
        AddAdministration(services);

        services.AddValidatedOptions<OtpOptions>(OtpOptions.Section);
        services.AddValidatedOptions<SessionOptions>(SessionOptions.Section);
        services.AddValidatedOptions<AccountOptions>(AccountOptions.Section);
        services.AddValidatedOptions<Users.ApiKeys.ApiKeyOptions>(Users.ApiKeys.ApiKeyOptions.Section);
        services.AddValidatedOptions<Users.Preferences.GemOptions>(Users.Preferences.GemOptions.Section);
        // The deletion retry, the retention check and a temporary chatroom's lifetime may be configured shorter than
        // Orleans' one-minute floor for reminders (tests do).
        services.AddOptions<ReminderOptions>().Configure<IOptions<AccountOptions>, IOptions<ChatroomOptions>>((reminders, accounts, chatrooms) =>
            reminders.MinimumReminderPeriod = new[]
            {
                reminders.MinimumReminderPeriod, accounts.Value.DeletionRetryPeriod, chatrooms.Value.RetentionCheckPeriod,
                chatrooms.Value.TemporaryChatLifetime,
            }.Min());
        services.AddValidatedOptions<QuotaOptions>(QuotaOptions.Section);
        services.AddValidatedOptions<ChatroomOptions>(ChatroomOptions.Section);
        services.AddValidatedOptions<Folders.FolderOptions>(Folders.FolderOptions.Section);
        services.AddValidatedOptions<Shares.ShareOptions>(Shares.ShareOptions.Section);
        services.AddValidatedOptions<GeminiOptions>(GeminiOptions.Section);
        services.AddValidatedOptions<StripeOptions>(StripeOptions.Section);
        services.AddGeminiChatClient();
        services.TryAddSingleton<GeminiModelCatalog>();
        services.TryAddSingleton<GeminiAsker>();
        services.AddValidatedOptions<TitleOptions>(TitleOptions.Section);
        services.TryAddSingleton<TitleAsker>();
        services.TryAddSingleton<AttachmentParts>();
        services.TryAddSingleton<ModelImages>();
        // Images a model makes are sniffed like uploads, on the silo that stores them.
        services.TryAddSingleton<IAttachmentInspector, AttachmentInspector>();
        services.AddMetrics();
        services.TryAddSingleton<GeminiCloneMetrics>();
        AddUsage(services);
        services.TryAddSingleton<TurnServices>();
        services.TryAddSingleton<ChatroomStores>();
        AddStripe(services);
        // The embedded mode's index; the production cluster registers PostgreSQL's first.
        services.TryAddSingleton<IChatSearchIndex, MemoryChatSearchIndex>();
        services.TryAddSingleton<IAttachmentStore, MemoryAttachmentStore>();
        services.AddValidatedOptions<AttachmentOptions>(AttachmentOptions.Section);
        services.AddValidatedOptions<WebAuthnOptions>(WebAuthnOptions.Section);
        services.TryAddSingleton<Fido2NetLib.IFido2>(sp => WebAuthnRelyingParty.Create(sp.GetRequiredService<IOptions<WebAuthnOptions>>().Value));
        return services;
    }

    /// <summary>Usage records, their prices and the spending caps; the outage log tells the recorder when not to try.</summary>
    private static void AddUsage(IServiceCollection services)
    {
        services.AddValidatedOptions<UsageOptions>(UsageOptions.Section);
        services.TryAddSingleton<UsagePrices>();
        services.TryAddSingleton<StorageOutageLog>();
        services.TryAddSingleton<TurnUsageRecorder>();
        services.TryAddSingleton<UsageDayTally>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, UsageDayTally>(sp => sp.GetRequiredService<UsageDayTally>()));
        services.TryAddSingleton<SpendingCaps>();
    }

    private static void AddStripe(IServiceCollection services)
    {
        services.AddHttpClient(StripeCheckout.HttpClientName);
        services.TryAddSingleton<StripeCheckout>();
        services.TryAddSingleton<StripeSubscriptions>();
        services.TryAddSingleton<IStripeCheckout>(sp => sp.GetRequiredService<StripeCheckout>());
        services.TryAddSingleton<IStripeSubscriptions>(sp => sp.GetRequiredService<StripeSubscriptions>());
    }

    /// <summary>
    /// Operators' parts: the first admins' numbers (read as the gateway reads numbers), the directory and the audit log
    /// (the embedded mode's; the production cluster registers PostgreSQL's first) and the audit log's retention job.
    /// </summary>
    private static void AddAdministration(IServiceCollection services)
    {
        services.AddValidatedOptions<AdminOptions>(AdminOptions.Section)
            .Configure<IConfiguration>((options, configuration) => options.DefaultRegion = configuration["Phone:DefaultRegion"] ?? options.DefaultRegion);
        services.TryAddSingleton<AdminNumbers>();
        services.AddValidatedOptions<AuditOptions>(AuditOptions.Section);
        services.TryAddSingleton<IUserDirectory, MemoryUserDirectory>();
        services.TryAddSingleton<IAuditLog, MemoryAuditLog>();
        services.TryAddSingleton<AuditTrail>();
        services.AddHostedService<AuditRetention>();
    }

    /// <summary>Settings of the servers a production deployment talks to, checked at start-up in every mode.</summary>
    public static IServiceCollection AddInfrastructureOptions(this IServiceCollection services)
    {
        services.AddValidatedOptions<RedisOptions>(RedisOptions.Section);
        services.AddOptions<PostgresOptions>()
            .Configure<IConfiguration>((options, configuration) => options.ConnectionString = configuration.GetConnectionString("Postgres"))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}

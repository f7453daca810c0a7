using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Infrastructure;

/// <summary>The Api pointed at a Gemini emulator; Basic users keep the contract's 5 messages a day.</summary>
public class ChatFixture : IAsyncLifetime
{
    public GeminiEmulatorServer Gemini { get; private set; } = null!;

    public ApiFactory Factory { get; private set; } = null!;

    /// <summary>
    /// Gemini timeouts far above any answer a test asks for, so no test's answer is cut by the clock on a busy machine
    /// (the timeout tests have <c>GeminiTimeoutFixture</c>); quick retries so the retry tests are quick. No automatic
    /// titles: a chatroom's title call and its write run beside the turns these tests count and fault (TitleFixture has them).
    /// </summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("GEMINI_API_KEY", "emulator-key"),
        new("Gemini:Timeout", "00:00:30"),
        new("Gemini:AttemptTimeout", "00:00:30"),
        new("Gemini:RetryDelay", "00:00:00.010"),
        new("Chat:Titles:Enabled", "false"),
    ];

    public async Task InitializeAsync()
    {
        Gemini = await GeminiEmulatorServer.StartAsync(ConfigureEmulator);
        Factory = new ApiFactory([.. Settings, new("GEMINI_BASE_URL", Gemini.Url)], ConfigureServices);
        await Factory.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Gemini.DisposeAsync();
    }

    public ApiClient CreateApiClient() => Factory.CreateApiClient();

    protected virtual void ConfigureEmulator(GeminiClone.GeminiEmulator.EmulatorOptions emulator)
    {
    }

    /// <summary>Replaces services of the co-hosted silo, e.g. its storage.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
}

/// <summary>Basic users without a practical limit, for long conversations.</summary>
public sealed class LongChatFixture : ChatFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("BASIC_DAILY_LIMIT", "100000")];
}

[CollectionDefinition(Name)]
public sealed class ChatCollection : ICollectionFixture<ChatFixture>
{
    public const string Name = "chat";
}

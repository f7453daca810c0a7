using GeminiClone.Grains.Adapters.Gemini;
using GeminiClone.Grains.Gemini;
using GeminiClone.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GeminiClone.Grains.Tests.Gemini;

/// <summary>The Gemini client as the silo registers it, over real HTTP to the emulator.</summary>
public sealed class GeminiHttpClientTests : IAsyncLifetime
{
    private GeminiEmulatorServer _gemini = null!;

    public async Task InitializeAsync() => _gemini = await GeminiEmulatorServer.StartAsync();

    public async Task DisposeAsync() => await _gemini.DisposeAsync();

    [Fact]
    public async Task A_turn_request_writes_none_of_the_http_client_factorys_request_logs()
    {
        await using var services = Services();
        var chat = services.GetRequiredService<IChatClient>();
        var files = services.GetRequiredService<IHttpClientFactory>().CreateClient(GeminiFiles.HttpClientName);

        var answer = await chat.GetResponseAsync("Hello");
        // The uploads' client keeps the factory's logging: it shows the logs below would be seen if written.
        using var other = await files.GetAsync(new Uri(_gemini.Url));

        Assert.False(string.IsNullOrEmpty(answer.Text));
        var categories = services.GetFakeLogCollector().GetSnapshot().Select(log => log.Category).ToHashSet();
        Assert.Contains("System.Net.Http.HttpClient.gemini-files.LogicalHandler", categories);
        Assert.DoesNotContain(categories, category => category?.StartsWith("System.Net.Http.HttpClient.gemini.", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Each_request_goes_to_its_models_endpoint_plain_or_streamed_however_often_asked()
    {
        await using var services = Services();
        var chat = services.GetRequiredService<IChatClient>();

        foreach (var model in new[] { "gemini-a", "gemini-b", "gemini-a" })
        {
            await chat.GetResponseAsync($"plain for {model}", new ChatOptions { ModelId = model });
            await foreach (var _ in chat.GetStreamingResponseAsync($"streamed for {model}", new ChatOptions { ModelId = model }))
            {
            }
        }

        Assert.Equal(
            ["gemini-a plain", "gemini-a streamed", "gemini-b plain", "gemini-b streamed", "gemini-a plain", "gemini-a streamed"],
            _gemini.Requests.All.Select(r => $"{r.Model} {(r.Streamed ? "streamed" : "plain")}"));
    }

    private ServiceProvider Services()
    {
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace))
            .AddFakeLogging();
        services.Configure<GeminiOptions>(options =>
        {
            options.BaseUrl = _gemini.Url;
            options.ApiKey = "test-key";
        });
        services.AddGeminiChatClient();
        return services.BuildServiceProvider();
    }
}

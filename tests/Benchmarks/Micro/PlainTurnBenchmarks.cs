using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using GeminiClone.Grains.Adapters.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using GeminiClone.Grains.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace GeminiClone.Benchmarks.Micro;

/// <summary>
/// A plain turn on the grains' side, without HTTP at either end: <see cref="IChatroomGrain.RunTurnAsync"/> in a
/// co-hosted silo with in-memory storage (the embedded mode), 100 chatrooms of 10 users taken in turn, as the load
/// tool's <c>chat</c> scenario spreads them. Gemini's HTTP client answers from memory in Gemini's wire format, after
/// reading the request body (so the request is serialized as it would be sent): our client, its resilience pipeline,
/// the history window and the mapping run as in production; no socket. What the issue calls the turn path: the
/// chatroom, the owner's quota and preferences, the usage record and the state writes; the gateway's HTTP exchange
/// and session check are not in it. <see cref="IdleChatroomsPerUser"/> gives each owner chatrooms that never turn
/// beside its ten (every turn rewrote its owner's whole chatroom list until the list became rows);
/// <see cref="UsageDaysBefore"/> gives each owner a usage record of that many earlier days (tests/Benchmarks/README.md).
/// </summary>
[ShortRunJob, MemoryDiagnoser]
public class PlainTurnBenchmarks
{
    private const int Users = 10;
    private const int ChatroomsPerUser = 10;

    private IHost _host = null!;
    private (string OwnerId, IChatroomGrain Chatroom)[] _chatrooms = null!;
    private int _next;

    /// <summary>Chatrooms each owner has beside the ten that turn: 0, or enough to reach the 1,000 a user may own.</summary>
    [Params(0, 990)]
    public int IdleChatroomsPerUser { get; set; }

    /// <summary>Days of usage each owner's record holds before the run: none, or the 399 a record keeps beside today.</summary>
    [Params(0, 399)]
    public int UsageDaysBefore { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await CoHostedSilo.StartAsync(siloPort: 11312, gatewayPort: 30312, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gemini:ApiKey"] = "benchmark",
                ["Gemini:BaseUrl"] = "http://gemini.invalid",
                ["Quota:BasicDailyLimit"] = "100000000",
                ["Chat:Titles:Enabled"] = "false",
            });
            builder.Services.AddHttpClient(GeminiServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new GeminiFromMemory());
        });

        var grains = _host.Services.GetRequiredService<IGrainFactory>();
        var chatrooms = new List<(string, IChatroomGrain)>();
        for (var user = 0; user < Users; user++)
        {
            var signUp = await grains.GetGrain<IMobileNumberGrain>($"+91900000{user + 1:D4}").SignUpAsync("Bench", "correct horse battery");
            var ownerId = signUp.User!.Id;
            for (var room = 0; room < ChatroomsPerUser; room++)
            {
                var chatroom = grains.GetGrain<IChatroomGrain>(Guid.CreateVersion7().ToString());
                await chatroom.CreateAsync(ownerId, new ChatroomChange(Title: $"Room {room}"));
                chatrooms.Add((ownerId, chatroom));
            }

            await Task.WhenAll(Enumerable.Range(0, IdleChatroomsPerUser).Select(room =>
                grains.GetGrain<IChatroomGrain>(Guid.CreateVersion7().ToString()).CreateAsync(ownerId, new ChatroomChange(Title: $"Idle {room}"))));
            await WriteUsageHistoryAsync(grains.GetGrain<IUserUsageGrain>(ownerId));
        }

        _chatrooms = [.. chatrooms];
    }

    /// <summary>A user who chatted every day with two models: what a year of use leaves in the usage record.</summary>
    private async Task WriteUsageHistoryAsync(IUserUsageGrain usage)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var figures = new UsageFigures(12, 0, new Dictionary<ChatTurnStatus, int>(), 9_744, 0, 336, 0, 0, ToolCalls.None, 0.0123m);
        var state = new UserUsageState();
        for (var day = 1; day <= UsageDaysBefore; day++)
        {
            state.Days[today.AddDays(-day)] = new Dictionary<string, UsageFigures>(StringComparer.Ordinal)
            {
                ["gemini-3-flash"] = figures,
                ["gemini-3-pro"] = figures,
            };
        }

        var storage = _host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Usage);
        await storage.WriteStateAsync("userUsage", usage.GetGrainId(), new GrainState<UserUsageState>(state));
    }

    [GlobalCleanup]
    public Task CleanupAsync() => CoHostedSilo.StopAsync(_host);

    /// <summary>One send, as the gateway makes it (its own idempotency key, a fresh request id).</summary>
    [Benchmark]
    public async Task<ChatTurnStatus> PlainTurn()
    {
        var (ownerId, chatroom) = _chatrooms[_next++ % _chatrooms.Length];
        var result = await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest("Tell me something about the sea, in two sentences.")
        {
            RequestId = Guid.CreateVersion7(),
            IdempotencyKey = $"gateway:{Guid.NewGuid():N}",
        });
        return result.Status == ChatTurnStatus.Replied ? result.Status : throw new InvalidOperationException($"The turn ended {result.Status}: {result.Detail}");
    }

    /// <summary>Gemini's <c>generateContent</c> answer, from memory, once the request body has been read.</summary>
    private sealed class GeminiFromMemory : HttpMessageHandler
    {
        private static readonly byte[] Answer = Encoding.UTF8.GetBytes("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"The sea covers about seventy percent of the Earth. It holds most of the planet's water and much of its life.","thoughtSignature":"c2lnbmF0dXJlLW9mLWEtdGhvdWdodA=="}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":812,"candidatesTokenCount":28,"totalTokenCount":840},"modelVersion":"gemini-3-flash","responseId":"benchmark"}
            """);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } body)
            {
                await body.CopyToAsync(Stream.Null, cancellationToken);
            }

            var content = new ByteArrayContent(Answer);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Admin;

/// <summary>
/// The client's address travels with the grain calls of the requests whose grains record audit events, and with no
/// others: a chat turn's calls (and the session check in front of them) carry nothing at all in Orleans' request
/// context, whose every value is copied into each message and makes each continuation in the grains carry an
/// execution context (a plain turn allocated 17 KB more with the address, see the Benchmarks README). What the
/// grains received is recorded by a grain call filter in the co-hosted silo.
/// </summary>
public sealed class CallerAddressScopeTests(CallerAddressScopeTests.RecordingFixture fixture) : IClassFixture<CallerAddressScopeTests.RecordingFixture>
{
    private static readonly string[] Loopback = ["127.0.0.1", "::1", "::ffff:127.0.0.1"];

    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_sign_in_carries_the_address_and_a_chat_turn_carries_none()
    {
        var (user, token) = await _api.NewSessionAsync();
        var signIns = fixture.Calls.Received(nameof(IUserGrain.SignInWithOtpAsync), user.Id);
        Assert.NotEmpty(signIns);
        Assert.All(signIns, address => Assert.Contains(address, Loopback));

        var chatroomId = await _api.CreateChatroomAsync(token);
        (await _api.SendAsync(token, chatroomId, "a plain turn")).EnsureSuccessStatusCode();
        using (var streamed = await _api.StreamAsync(token, chatroomId, "a streamed turn"))
        {
            Assert.Contains(await streamed.ReadEventsAsync(), e => e.Event == "done");
        }

        await (await _api.GetAsync("/user/me", token)).ReadJsonAsync(HttpStatusCode.OK);

        string[] onTheChatPath =
        [
            nameof(IUserGrain.CheckTokenAsync), nameof(IChatroomGrain.RunTurnAsync), nameof(IUserGrain.ReserveTurnSlotAsync),
            nameof(IUserGrain.CompleteMessageAsync),
        ];
        foreach (var method in onTheChatPath)
        {
            var received = fixture.Calls.ContextsOf(method, user.Id, chatroomId);
            Assert.True(received.Count > 0, $"{method} was not called");
            Assert.All(received, keys => Assert.Empty(keys));
        }
    }

    /// <summary>The chat fixture with a silo that notes the address each grain call arrived with.</summary>
    public sealed class RecordingFixture : ChatFixture
    {
        public CallRecorder Calls { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) =>
            services.AddSingleton<IIncomingGrainCallFilter>(Calls);
    }

    public sealed class CallRecorder : IIncomingGrainCallFilter
    {
        private readonly ConcurrentQueue<(string Method, string Grain, string? Address, string[] Keys)> _calls = new();

        public Task Invoke(IIncomingGrainCallContext context)
        {
            _calls.Enqueue((context.InterfaceMethod?.Name ?? "", context.TargetId.Key.ToString() ?? "", CallerAddress.Current, [.. RequestContext.Keys]));
            return context.Invoke();
        }

        /// <summary>The addresses the calls of <paramref name="method"/> to the grains keyed <paramref name="grains"/> carried.</summary>
        public IReadOnlyList<string?> Received(string method, params string[] grains) =>
            [.. Of(method, grains).Select(c => c.Address)];

        /// <summary>The request context's keys each of those calls arrived with.</summary>
        public IReadOnlyList<string[]> ContextsOf(string method, params string[] grains) =>
            [.. Of(method, grains).Select(c => c.Keys)];

        private IEnumerable<(string Method, string Grain, string? Address, string[] Keys)> Of(string method, string[] grains) =>
            _calls.Where(c => c.Method == method && grains.Contains(c.Grain));
    }
}

using GeminiClone.Grains.Persistence;
using System.Net;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>Chatrooms stored through Orleans' fault-injecting storage, so a test can make one write fail.</summary>
public sealed class FaultyStorageFixture : ChatFixture
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddFaultInjectionMemoryStorage(StorageNames.Chatrooms);

    public Task FailNextChatroomWriteAsync(string chatroomId)
    {
        var grains = Factory.Services.GetRequiredService<IGrainFactory>();
        var target = grains.GetGrain<IChatroomGrain>(chatroomId).GetGrainId();
        // The fault grain is keyed by the state's name, as the storage provider sees it.
        return grains.GetGrain<IStorageFaultGrain>("chatroom").AddFaultOnWrite(target, new IOException("Injected storage failure."));
    }
}

public sealed class StorageFaultTests(FaultyStorageFixture fixture) : IClassFixture<FaultyStorageFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_failed_state_write_is_a_503_problem_stores_no_half_turn_costs_nothing_and_the_chatroom_recovers()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);
        await _api.ChatAsync(token, room, "stored before");

        await fixture.FailNextChatroomWriteAsync(room);
        var failed = await _api.SendMessageAsync(token, room, "lost to the fault");
        var duringRecovery = await _api.GetChatroomAsync(token, room);
        var after = await _api.ChatAsync(token, room, "stored after");

        var problem = await failed.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("nothing was stored", problem.Message());
        Assert.Equal([("User", "stored before"), ("AI", "Reply #1: stored before")], duringRecovery.Messages());
        Assert.Equal("Reply #2: stored after", after);
        Assert.Equal(
            [("User", "stored before"), ("AI", "Reply #1: stored before"), ("User", "stored after"), ("AI", "Reply #2: stored after")],
            (await _api.GetChatroomAsync(token, room)).Messages());
        var usage = (await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["usage"]!;
        Assert.Equal(2, usage["used"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_failed_write_while_renaming_is_a_503_problem_and_changes_nothing()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token, "original");
        await fixture.FailNextChatroomWriteAsync(room);

        var response = await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{room}", System.Net.Http.Json.JsonContent.Create(new { title = "renamed" }), token);

        Assert.Contains("Storage", (await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable)).Message());
        Assert.Equal("original", (await _api.GetChatroomAsync(token, room))["title"]!.GetValue<string>());
        var list = await (await _api.GetAsync("/chatroom", token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("original", list["data"]![0]!["title"]!.GetValue<string>());
    }
}

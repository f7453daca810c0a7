using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GeminiClone.Grains.Tests.Chatrooms;

/// <summary>A test silo with retention on (30 days) whose reminder table the test holds through <typeparamref name="THolds"/>.</summary>
public sealed class RetentionSilo<THolds>(string checkPeriod) : IAsyncDisposable
    where THolds : ITestClock, IReminderTableHolds
{
    private TestCluster _cluster = null!;

    public async Task StartAsync() =>
        _cluster = await TestClusters.DeployAsync<THolds, HeldReminderTable<THolds>.InFront>(new Dictionary<string, string?>
        {
            ["Chat:RetentionDays"] = "30",
            ["Chat:RetentionCheckPeriod"] = checkPeriod,
            ["Chat:RetentionSpread"] = "00:00:00",
        });

    /// <summary>Lets whatever the test still holds through first, so that no call of the stopping silo waits on a hold.</summary>
    public ValueTask DisposeAsync()
    {
        THolds.TableLoad.TrySetResult();
        THolds.RowsHeld.TrySetResult();
        return _cluster.DisposeAsync();
    }

    public IChatroomGrain NewChatroom() => _cluster.GrainFactory.GetGrain<IChatroomGrain>(Guid.NewGuid().ToString("N"));

    public async Task<string> NewUserIdAsync()
    {
        var result = await _cluster.GrainFactory.GetGrain<IMobileNumberGrain>(TestMobileNumbers.NextE164()).SignUpAsync("Test user", "correct horse");
        return result.User!.Id;
    }

    /// <summary>Read from the table behind the holds: asking the reminder service would wait with them.</summary>
    public Task<ReminderEntry?> RetentionReminderOf(IChatroomGrain chatroom) =>
        ((HeldReminderTable<THolds>)((InProcessSiloHandle)_cluster.Primary!).SiloHost.Services.GetRequiredService<IReminderTable>()).Inner
            .ReadRow(chatroom.GetGrainId(), "retention");
}

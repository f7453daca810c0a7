using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Tests.Users;

namespace GeminiClone.Grains.Tests.Chatrooms.Turns;

/// <summary>
/// A turn's usage record: a stored answer's goes out beside the charge of its slot, not after it, and the send's
/// answer still waits for it, so the usage its client reads next includes the turn.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TurnUsageRecordTests(ClusterFixture fixture)
{
    /// <summary>Far beyond a call between two grains of one silo, and half of a test's patience.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_stored_answers_record_is_sent_while_its_charge_is_still_being_made()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();
        // The charge is held until the record arrives: one made after the charge's answer would only come after the bound.
        var chargeLetGoByRecord = GrainCalls.Recorder.HoldUntilArrives(
            (nameof(IUserGrain.CompleteMessageAsync), ownerId), (nameof(IUserUsageGrain.RecordTurnAsync), ownerId), Bound);

        var turn = await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest("Counted beside the charge?"));

        Assert.Equal(ChatTurnStatus.Replied, turn.Status);
        Assert.True(await chargeLetGoByRecord);
        Assert.Equal(1, GrainCalls.Recorder.Count(nameof(IUserUsageGrain.RecordTurnAsync), ownerId));
        Assert.Equal(1, (await ReportAsync(ownerId)).Totals.Turns);
    }

    [Fact]
    public async Task The_answer_waits_for_the_record_and_each_outcome_is_counted_once()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();

        await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest("First") { IdempotencyKey = "usage-first" });
        var afterFirst = (await ReportAsync(ownerId)).Totals.Turns;
        var replay = await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest("First") { IdempotencyKey = "usage-first" });
        await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest("Second"));
        var afterSecond = (await ReportAsync(ownerId)).Totals.Turns;

        Assert.True(replay.Replayed);
        Assert.Equal((1, 2), (afterFirst, afterSecond));
        Assert.Equal(2, GrainCalls.Recorder.Count(nameof(IUserUsageGrain.RecordTurnAsync), ownerId));
    }

    private async Task<(string OwnerId, IChatroomGrain Chatroom)> NewChatroomAsync()
    {
        var ownerId = (await fixture.NewUserAsync()).GetPrimaryKeyString();
        var chatroom = fixture.Grains.GetGrain<IChatroomGrain>(Guid.NewGuid().ToString());
        Assert.Equal(ChatroomChangeStatus.Changed, (await chatroom.CreateAsync(ownerId, new ChatroomChange(Title: "Usage"))).Status);
        return (ownerId, chatroom);
    }

    private Task<UsageReport> ReportAsync(string ownerId)
    {
        var today = UsageDays.DayOf(ClusterFixture.Clock.GetUtcNow());
        return fixture.Grains.GetGrain<IUserUsageGrain>(ownerId).GetReportAsync(today, today, UserTier.Basic);
    }
}

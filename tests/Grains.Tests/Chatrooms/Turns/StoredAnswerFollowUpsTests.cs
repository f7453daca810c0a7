using System.Diagnostics;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Search;
using GeminiClone.Grains.Tests.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GeminiClone.Grains.Tests.Chatrooms.Turns;

/// <summary>
/// What follows a stored answer, its usage record and its search rows, goes out beside the charge of its slot, not
/// after it; the send's answer still waits for both, so what its client reads or searches next includes the turn.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StoredAnswerFollowUpsTests(ClusterFixture fixture)
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

    [Fact]
    public async Task A_stored_answer_can_be_found_while_its_charge_is_still_being_made()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();
        var marker = $"quince{Guid.NewGuid():N}";
        var found = new TaskCompletionSource();
        var chargeLetGoBySearch = GrainCalls.Recorder.HoldUntil((nameof(IUserGrain.CompleteMessageAsync), ownerId), found.Task, Bound);

        var turn = chatroom.RunTurnAsync(ownerId, new ChatTurnRequest($"Where is the {marker}?"));
        var searchable = await FoundWithinAsync(ownerId, marker, Bound);
        found.TrySetResult();

        Assert.True(searchable);
        Assert.True(await chargeLetGoBySearch);
        Assert.Equal(ChatTurnStatus.Replied, (await turn).Status);
    }

    [Fact]
    public async Task A_turn_writes_its_search_rows_once()
    {
        var (ownerId, chatroom) = await NewChatroomAsync();
        var created = SearchWrites.Count(chatroom.GetPrimaryKeyString());

        await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest("Once"));
        await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest("And once more"));

        Assert.Equal(2, SearchWrites.Count(chatroom.GetPrimaryKeyString()) - created);
    }

    /// <summary>Whether the search finds <paramref name="term"/> in the owner's chatrooms within <paramref name="bound"/>.</summary>
    private async Task<bool> FoundWithinAsync(string ownerId, string term, TimeSpan bound)
    {
        var index = ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services.GetRequiredService<IChatSearchIndex>();
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < bound; await Task.Delay(20))
        {
            if ((await index.FindAsync(ownerId, SearchQuery.Parse(term), 0, 10, 1)).Count > 0)
            {
                return true;
            }
        }

        return false;
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

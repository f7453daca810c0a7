using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Feedback;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Tests.Users;

namespace GeminiClone.Grains.Tests.Chatrooms;

/// <summary>
/// The operators' counts of ratings per model and UTC day, as chatrooms keep them on a real test silo: a rating
/// counts once, a change moves it, a clear takes it back, a comment alone changes nothing.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FeedbackStatsTests(ClusterFixture fixture)
{
    private const string Model = "gemini-3.7-flash-001";

    [Fact]
    public async Task A_rating_counts_once_a_change_moves_it_a_comment_changes_nothing_and_a_clear_takes_it_back()
    {
        var (owner, chatroom) = await AnsweredChatroomAsync();
        var day = FeedbackDays.Of(ClusterFixture.Clock.GetUtcNow());
        var start = await CountsAsync(day);

        await RateAsync(chatroom, owner, new MessageFeedback(FeedbackRating.Up, null, null));
        var up = await CountsAsync(day);
        await RateAsync(chatroom, owner, new MessageFeedback(FeedbackRating.Up, null, null));
        var upAgain = await CountsAsync(day);
        await RateAsync(chatroom, owner, new MessageFeedback(FeedbackRating.Down, FeedbackReasons.TooLong, null));
        var down = await CountsAsync(day);
        await RateAsync(chatroom, owner, new MessageFeedback(FeedbackRating.Down, FeedbackReasons.TooLong, "now with a comment"));
        var commented = await CountsAsync(day);
        await RateAsync(chatroom, owner, new MessageFeedback(FeedbackRating.Down, FeedbackReasons.Inaccurate, null));
        var otherReason = await CountsAsync(day);
        await RateAsync(chatroom, owner, null);
        var cleared = await CountsAsync(day);

        Assert.Equal(start with { Up = start.Up + 1 }, up);
        Assert.Equal(up, upAgain);
        Assert.Equal(start with { Down = start.Down + 1, TooLong = start.TooLong + 1 }, down);
        Assert.Equal(down, commented);
        Assert.Equal(start with { Down = start.Down + 1, Inaccurate = start.Inaccurate + 1 }, otherReason);
        Assert.Equal(start, cleared);
    }

    [Fact]
    public async Task A_rating_changed_on_a_later_day_leaves_the_day_it_was_counted_on_and_the_report_reads_both()
    {
        var (owner, chatroom) = await AnsweredChatroomAsync();
        var first = FeedbackDays.Of(ClusterFixture.Clock.GetUtcNow());
        var next = first.AddDays(1);
        var (firstStart, nextStart) = (await CountsAsync(first), await CountsAsync(next));

        await RateAsync(chatroom, owner, new MessageFeedback(FeedbackRating.Up, FeedbackReasons.Other, null));
        ClusterFixture.Clock.Advance(TimeSpan.FromDays(1));
        await RateAsync(chatroom, owner, new MessageFeedback(FeedbackRating.Down, null, null));
        var report = await fixture.Grains.GetGrain<IFeedbackReportGrain>(0).GetDaysAsync(first, next);

        Assert.Equal([first, next], report.Select(d => d.Day));
        Assert.Equal(firstStart, CountsIn(report[0]));
        Assert.Equal(nextStart with { Down = nextStart.Down + 1 }, CountsIn(report[1]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            fixture.Grains.GetGrain<IFeedbackReportGrain>(0).GetDaysAsync(first, first.AddDays(FeedbackDays.MaxRange)));
    }

    [Fact]
    public async Task The_day_counts_survive_the_grain_being_reloaded()
    {
        var (owner, chatroom) = await AnsweredChatroomAsync();
        var day = FeedbackDays.Of(ClusterFixture.Clock.GetUtcNow());

        await RateAsync(chatroom, owner, new MessageFeedback(FeedbackRating.Up, null, null));
        var counted = await CountsAsync(day);
        await fixture.DeactivateAllAsync();

        Assert.Equal(counted, await CountsAsync(day));
        Assert.True(counted.Up >= 1);
    }

    /// <summary>One model's counts that these tests move.</summary>
    private sealed record Counts(int Up, int Down, int TooLong, int Inaccurate);

    private async Task<Counts> CountsAsync(DateOnly day) =>
        CountsIn(await fixture.Grains.GetGrain<IFeedbackStatsGrain>(FeedbackDays.Key(day)).GetAsync());

    private static Counts CountsIn(DayFeedback day)
    {
        var model = day.Models.SingleOrDefault(m => m.Model == Model);
        int Reason(string reason) => model?.Reasons.SingleOrDefault(r => r.Rating == FeedbackRating.Down && r.Reason == reason)?.Count ?? 0;
        return new Counts(model?.Up ?? 0, model?.Down ?? 0, Reason(FeedbackReasons.TooLong), Reason(FeedbackReasons.Inaccurate));
    }

    private static async Task RateAsync(IChatroomGrain chatroom, string owner, MessageFeedback? feedback) =>
        Assert.Equal(FeedbackStatus.Saved, (await chatroom.SetFeedbackAsync(owner, 1, feedback)).Status);

    private async Task<(string Owner, IChatroomGrain Chatroom)> AnsweredChatroomAsync()
    {
        var owner = (await fixture.NewUserAsync()).GetPrimaryKeyString();
        var chatroom = fixture.Grains.GetGrain<IChatroomGrain>(Guid.NewGuid().ToString());
        Assert.Equal(ChatroomChangeStatus.Changed, (await chatroom.CreateAsync(owner, new ChatroomChange(Title: "rated", Model: "gemini-3.7-flash"))).Status);
        var turn = await chatroom.RunTurnAsync(owner, new ChatTurnRequest("rate me"));
        Assert.Equal(Model, turn.Reply!.Model);
        return (owner, chatroom);
    }
}

using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;

using static GeminiClone.Grains.Tests.Usage.UsageCluster;

namespace GeminiClone.Grains.Tests.Usage;

/// <summary>Sums of figures, which the tallies and days make of every turn: failures merged by outcome, whichever side has them.</summary>
public sealed class UsageFiguresTests
{
    private static readonly UsageFigures Replied = UsageFigures.Of(Turn("replied", 10, 5), 0.5m);
    private static readonly UsageFigures TimedOut = UsageFigures.Of(Turn("timeout", 10, 0) with { Status = ChatTurnStatus.GeminiTimeout }, 0m);
    private static readonly UsageFigures Blocked = UsageFigures.Of(Turn("blocked", 10, 0) with { Status = ChatTurnStatus.Blocked }, 0m);

    [Fact]
    public void Failures_are_kept_from_either_side_and_merged_when_both_have_them()
    {
        var sum = UsageFigures.Sum([Replied, TimedOut, Replied, TimedOut, Blocked]);

        Assert.Equal((2, 50L, 1.0m), (sum.Turns, sum.InputTokens, sum.Cost));
        Assert.Equal(new Dictionary<ChatTurnStatus, int> { [ChatTurnStatus.GeminiTimeout] = 2, [ChatTurnStatus.Blocked] = 1 }, sum.FailedTurns);
        Assert.Equal(new Dictionary<ChatTurnStatus, int> { [ChatTurnStatus.GeminiTimeout] = 1 }, Replied.Add(TimedOut).FailedTurns);
        Assert.Equal(new Dictionary<ChatTurnStatus, int> { [ChatTurnStatus.GeminiTimeout] = 1 }, TimedOut.Add(Replied).FailedTurns);
    }

    [Fact]
    public void A_sum_leaves_the_figures_it_was_made_of_unchanged()
    {
        var once = TimedOut.Add(Blocked).Add(TimedOut);

        Assert.Equal(new Dictionary<ChatTurnStatus, int> { [ChatTurnStatus.GeminiTimeout] = 1 }, TimedOut.FailedTurns);
        Assert.Equal(new Dictionary<ChatTurnStatus, int> { [ChatTurnStatus.Blocked] = 1 }, Blocked.FailedTurns);
        Assert.Equal(2, once.FailedTurns[ChatTurnStatus.GeminiTimeout]);
    }
}

using GeminiClone.Grains.Usage;

namespace GeminiClone.Grains.Tests.Usage;

public sealed class CountedRecordsTests
{
    [Fact]
    public void An_id_of_either_list_or_added_since_is_counted()
    {
        var (usage, history) = (new UserUsageState { RecentRecords = ["today"] }, new UserUsageHistory { RecentRecords = ["yesterday"] });
        var counted = new CountedRecords();

        Assert.True(counted.Contains(usage, history, "today"));
        Assert.True(counted.Contains(usage, history, "yesterday"));
        Assert.False(counted.Contains(usage, history, "new"));

        UserUsageBook.Remember(usage.Recent, "new");
        counted.Add("new");

        Assert.True(counted.Contains(usage, history, "new"));
    }

    [Fact]
    public void State_read_anew_is_what_is_checked_after_forgetting()
    {
        var (usage, history) = (new UserUsageState { RecentRecords = ["a"] }, new UserUsageHistory());
        var counted = new CountedRecords();
        Assert.True(counted.Contains(usage, history, "a"));

        var reread = new UserUsageState { RecentRecords = ["b"] };
        counted.Forget();

        Assert.False(counted.Contains(reread, history, "a"));
        Assert.True(counted.Contains(reread, history, "b"));
    }

    [Fact]
    public void The_set_is_remade_from_the_lists_before_it_grows_past_four_lists_worth()
    {
        var (usage, history) = (new UserUsageState(), new UserUsageHistory());
        var counted = new CountedRecords();
        Assert.False(counted.Contains(usage, history, "first"));

        for (var i = 0; i < 4 * UserUsageBook.RememberedRecords + 1; i++)
        {
            var id = i == 0 ? "first" : $"id-{i}";
            UserUsageBook.Remember(usage.Recent, id);
            counted.Add(id);
        }

        // The lists forgot the first id long ago; once remade, the set did too, and it holds what the lists hold.
        Assert.False(counted.Contains(usage, history, "first"));
        Assert.All(usage.Recent.Ids, id => Assert.True(counted.Contains(usage, history, id)));
    }
}

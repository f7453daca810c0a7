using System.Text;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Usage;

namespace GeminiClone.Grains.Tests.Usage;

/// <summary>
/// A usage record's counted ids (<see cref="RecordIds"/>): the newest kept in order, stored as one array of their
/// bytes, the lists of the releases before taken over, and a silo of such a release still reading the record.
/// </summary>
[Collection(UsageCollection.Name)]
public sealed class RecordIdsTests(UsageCluster cluster)
{
    [Fact]
    public void The_newest_ids_are_kept_in_order_whatever_their_lengths()
    {
        var ids = new RecordIds();
        string[] sent = ["a", "0193a1b2c3d4e5f60718293a4b5c6d7e", "café", "日本/1", "", "0193a1b2c3d4e5f60718293a4b5c6d7f/5f0c7e1f2a3b4c5d6e7f8091a2b3c4d5"];

        foreach (var id in sent)
        {
            ids.Add(id, keep: 4);
        }

        Assert.Equal(sent[^4..], ids.Ids);
        Assert.Equal(4, ids.Count);
        Assert.Equal(sent[^4..].Sum(id => 2 + Encoding.UTF8.GetByteCount(id)), ids.Bytes.Length);
    }

    [Fact]
    public void A_record_remembering_a_thousand_turns_holds_the_last_32_in_bytes_of_about_their_size()
    {
        var state = new UserUsageState();
        var sent = Enumerable.Range(0, 1000).Select(i => Guid.CreateVersion7().ToString("N") + (i % 3 == 0 ? $"/{i}" : "")).ToList();

        foreach (var id in sent)
        {
            UserUsageBook.Remember(state.Recent, id);
        }

        Assert.Equal(sent[^UserUsageBook.RememberedRecords..], state.Recent.Ids);
        Assert.Equal(sent[^UserUsageBook.RememberedRecords..].Sum(id => 2 + id.Length), state.Recent.Bytes.Length);
    }

    [Fact]
    public void A_list_of_an_earlier_release_longer_than_32_is_taken_over_whole_and_keeps_its_newest_32_on_the_next_turn()
    {
        var sixtyFour = Enumerable.Range(0, 64).Select(i => $"turn-{i}").ToList();
        var state = new UserUsageState { RecentRecords = [.. sixtyFour] };

        Assert.Equal(sixtyFour, state.Recent.Ids);
        UserUsageBook.Remember(state.Recent, "next");

        Assert.Equal([.. sixtyFour[^(UserUsageBook.RememberedRecords - 1)..], "next"], state.Recent.Ids);
        Assert.Empty(state.RecentRecords);
    }

    [Fact]
    public void A_copy_shares_nothing_with_its_original()
    {
        var original = new UserUsageState();
        UserUsageBook.Remember(original.Recent, "first");

        var copy = cluster.DeepCopier.Copy(original);
        UserUsageBook.Remember(copy.Recent, "only in the copy");

        Assert.Equal(["first"], original.Recent.Ids);
        Assert.Equal(["first", "only in the copy"], copy.Recent.Ids);
    }

    [Fact]
    public void The_ids_are_stored_as_one_run_of_their_bytes_and_read_back_as_written()
    {
        var state = new UserUsageState();
        foreach (var id in new[] { "first", "second/1", "third" })
        {
            UserUsageBook.Remember(state.Recent, id);
        }

        var stored = cluster.StorageSerializer.Serialize(state).ToArray();
        var loaded = cluster.StorageSerializer.Deserialize<UserUsageState>(new BinaryData(stored))!;

        Assert.True(stored.AsSpan().IndexOf(state.Recent.Bytes) >= 0, "The ids are not stored as one run of bytes.");
        Assert.Equal(["first", "second/1", "third"], loaded.Recent.Ids);
        UserUsageBook.Remember(loaded.Recent, "fourth");
        Assert.Equal(["first", "second/1", "third", "fourth"], loaded.Recent.Ids);
    }

    [Theory]
    [InlineData(new byte[] { 5, 0, (byte)'a' }, 1)]
    [InlineData(new byte[] { 1, 0, (byte)'a', 1 }, 2)]
    [InlineData(new byte[] { 1, 0, (byte)'a' }, 2)]
    public void Ids_that_are_not_well_formed_are_refused_as_corrupt(byte[] bytes, int count) =>
        Assert.Throws<InvalidDataException>(() => RecordIds.FromBytes(bytes, count));

    [Fact]
    public void A_record_and_a_history_stored_as_lists_load_and_take_their_ids_over()
    {
        var record = Load<UserUsageState>("user-usage-state-before-packed-ids.b64");
        var history = Load<UserUsageHistory>("user-usage-history-before-packed-ids.b64");

        Assert.Equal(["0193a1b2c3d4e5f60718293a4b5c6d7d/5f0c7e1f2a3b4c5d6e7f8091a2b3c4d5", "0193a1b2c3d4e5f60718293a4b5c6d7e"], record.Recent.Ids);
        Assert.Empty(record.RecentRecords);
        Assert.Equal((20L, 0.25m), (record.Days.Single().Value["gemini-3-flash"].InputTokens, record.Days.Single().Value["gemini-3-flash"].Cost));
        Assert.Equal(["0193a1b2c3d4e5f60718293a4b5c6d70"], history.Recent.Ids);
        Assert.Equal(new DateOnly(2026, 12, 6), history.ClosedBefore);
        Assert.Equal(0.5m, history.Days.Single().Value["gemini-3-flash"].Cost);
        var counted = new CountedRecords();
        Assert.True(counted.Contains(record, history, "0193a1b2c3d4e5f60718293a4b5c6d7e"));
        Assert.True(counted.Contains(record, history, "0193a1b2c3d4e5f60718293a4b5c6d70"));
    }

    [Fact]
    public void A_silo_of_the_previous_release_reads_the_record_with_its_figures_and_no_ids()
    {
        var state = new UserUsageState();
        var turn = new TurnUsage("counted", new DateTimeOffset(2026, 12, 6, 21, 0, 0, TimeSpan.Zero), "gemini-3-flash", Interfaces.Chatrooms.ChatTurnStatus.Replied);
        UserUsageBook.Add(state.Days, turn, UsageFigures.Of(turn, 0.75m));
        UserUsageBook.Remember(state.Recent, turn.RecordId);

        var previous = cluster.StorageSerializer.Deserialize<PreviousUserUsageState>(cluster.StorageSerializer.Serialize(state))!;

        Assert.Equal(0.75m, previous.Days.Single().Value["gemini-3-flash"].Cost);
        Assert.Empty(previous.RecentRecords);
    }

    private T Load<T>(string name) => cluster.StorageSerializer.Deserialize<T>(new BinaryData(Convert.FromBase64String(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Persistence", "Stored", name)).Trim())))!;
}

/// <summary>The usage record as releases before <see cref="RecordIds"/> declared it.</summary>
[GenerateSerializer]
public sealed class PreviousUserUsageState
{
    [Id(0)] public Dictionary<DateOnly, Dictionary<string, UsageFigures>> Days { get; set; } = [];

    [Id(1)] public List<string> RecentRecords { get; set; } = [];

    [Id(2)] public DateTimeOffset? ErasedAt { get; set; }
}

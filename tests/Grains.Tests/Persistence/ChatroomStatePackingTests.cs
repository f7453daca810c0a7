using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Chatrooms.Storage;
using GeminiClone.Grains.Chatrooms.Tree;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace GeminiClone.Grains.Tests.Persistence;

/// <summary>
/// A chatroom's recent window and receipts are stored as each record's own bytes (<see cref="ChatroomStatePacking"/>):
/// they read back as written, a record replaced in a list is stored as replaced, a silo of the previous release finds
/// no window it could write back empty, and <c>Chat:WindowInPreviousShape</c> writes the shape that release reads.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ChatroomStatePackingTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_window_and_receipts_are_stored_as_each_records_own_bytes_and_read_back_as_written()
    {
        using var services = Standalone(previousShape: false);
        var state = StateWith(Conversation());

        var bytes = services.GetRequiredService<Serializer>().SerializeToArray(state);
        var back = services.GetRequiredService<Serializer>().Deserialize<ChatroomState>(bytes)!;

        var messages = services.GetRequiredService<Serializer<StoredMessage>>();
        Assert.All(state.Recent, message => Assert.True(bytes.AsSpan().IndexOf(messages.SerializeToArray(message)) >= 0, $"{message.Text} is not stored whole."));
        var receipt = services.GetRequiredService<Serializer<TurnReceipt>>().SerializeToArray(state.Receipts![0]);
        Assert.True(bytes.AsSpan().IndexOf(receipt) >= 0, "The receipt is not stored whole.");
        AssertSameMessages(services, state.Recent, back.Recent);
        Assert.Equal(state.Receipts, back.Receipts);
        Assert.Equal((state.OwnerId, state.SealedPages), (back.OwnerId, back.SealedPages));
        Assert.Equal(state.Forks, back.Forks);
    }

    [Fact]
    public void A_record_replaced_or_added_after_a_write_is_stored_as_it_is_now()
    {
        using var services = Standalone(previousShape: false);
        var serializer = services.GetRequiredService<Serializer>();
        var state = serializer.Deserialize<ChatroomState>(serializer.SerializeToArray(StateWith(Conversation())))!;

        // What a rating and an erasure do: the message is replaced by a new record, the window written again.
        state.Recent[1] = state.Recent[1] with { Feedback = new MessageFeedback(FeedbackRating.Down, "inaccurate", "Wrong year.") { At = At } };
        state.Recent[2] = state.Recent[2] with { Text = "" };
        state.Receipts![0] = state.Receipts[0] with { AnswerSequence = 104 };
        state.Receipts.Add(new TurnReceipt("key-2", "fingerprint-2", 103, At.AddMinutes(3), FromClient: true));
        var back = serializer.Deserialize<ChatroomState>(serializer.SerializeToArray(state))!;

        Assert.Equal(("Wrong year.", ""), (back.Recent[1].Feedback?.Comment, back.Recent[2].Text));
        Assert.Equal(state.Receipts, back.Receipts);
        AssertSameMessages(services, state.Recent, back.Recent);
    }

    [Fact]
    public void A_silo_of_the_previous_release_reads_no_window_and_fails_instead_of_writing_the_chatroom_back_without_it()
    {
        using var services = Standalone(previousShape: false);
        var serializer = services.GetRequiredService<Serializer>();

        var seen = serializer.Deserialize<PreviousChatroomState>(serializer.SerializeToArray(StateWith(Conversation())))!;

        // Its ChatroomState (Recent = [] unless stored otherwise) reads an explicit null: its first use throws.
        Assert.Equal(("owner-1", 2), (seen.OwnerId, seen.SealedPages));
        Assert.Null(seen.Recent);
        Assert.Null(seen.Receipts);
    }

    [Fact]
    public void With_the_previous_shape_chosen_the_window_is_written_as_that_release_reads_it_and_this_one_too()
    {
        using var services = Standalone(previousShape: true);
        var serializer = services.GetRequiredService<Serializer>();
        var state = StateWith(Conversation());

        var bytes = serializer.SerializeToArray(state);

        var seen = serializer.Deserialize<PreviousChatroomState>(bytes)!;
        var back = serializer.Deserialize<ChatroomState>(bytes)!;

        Assert.Equal(state.Recent.Select(m => m.Text), seen.Recent!.Select(m => m.Text));
        Assert.Equal(state.Receipts, seen.Receipts);
        AssertSameMessages(services, state.Recent, back.Recent);
        Assert.Equal(state.Receipts, back.Receipts);
    }

    [Fact]
    public void The_packed_shape_as_first_stored_loads()
    {
        var storage = ((Orleans.TestingHost.InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services.GetRequiredService<IGrainStorageSerializer>();

        var state = storage.Deserialize<ChatroomState>(new BinaryData(Convert.FromBase64String(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Persistence", "Stored", "chatroom-state-packed.b64")).Trim())))!;

        Assert.Equal(["When did the Berlin Wall fall?", "In 1989, on 9 November.", "And when was it built?"], state.Recent.Select(m => m.Text));
        Assert.Equal(("owner-1", 2, 103), (state.OwnerId, state.SealedPages, state.MessageCount));
        Assert.Equal(["sig-a", null], state.Recent[1].Parts!.Select(p => p.ThoughtSignature));
        Assert.Equal(12, state.Recent[1].Usage!.OutputTokens);
        Assert.Equal([new MessageFork(101, 99)], state.Forks!);
        Assert.Equal(("key-1", "turn-1"), (Assert.Single(state.Receipts!).Key, state.Receipts![0].TurnId));
    }

    [Fact]
    public void A_copy_made_by_Orleans_carries_both_lists_as_lists_of_its_own()
    {
        using var services = Standalone(previousShape: false);
        var state = StateWith(Conversation());

        var copy = services.GetRequiredService<DeepCopier>().Copy(state);
        state.Recent.Clear();
        state.Receipts!.Clear();

        Assert.Equal(Conversation().Select(m => m.Text), copy.Recent.Select(m => m.Text));
        Assert.Equal("key-1", Assert.Single(copy.Receipts!).Key);
    }

    [Fact]
    public void A_corrupt_packed_list_is_refused_before_anything_is_allocated_for_it()
    {
        using var services = Standalone(previousShape: false);
        var serializer = services.GetRequiredService<Serializer>();
        var bytes = serializer.SerializeToArray(new PackedRecords([[1, 2, 3]]));
        // The count follows the header and the payload's length: claim a billion records in those few bytes.
        var count = bytes.AsSpan().IndexOf(new byte[] { 1, 0, 0, 0, 3, 0, 0, 0 });
        BitConverter.TryWriteBytes(bytes.AsSpan(count), 1_000_000_000u);

        Assert.Equal([1, 2, 3], serializer.Deserialize<PackedRecords>(serializer.SerializeToArray(new PackedRecords([[1, 2, 3]])))!.Items[0]);
        Assert.Throws<InvalidDataException>(() => serializer.Deserialize<PackedRecords>(bytes));
    }

    [Fact]
    public void A_chatroom_stored_before_receipts_keeps_none()
    {
        using var services = Standalone(previousShape: false);
        var serializer = services.GetRequiredService<Serializer>();
        var state = StateWith(Conversation());
        state.Receipts = null;

        Assert.Null(serializer.Deserialize<ChatroomState>(serializer.SerializeToArray(state))!.Receipts);
    }

    /// <summary>The serializer as a silo has it, with this window storage's choice of shape.</summary>
    private static ServiceProvider Standalone(bool previousShape) => new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(ChatroomState).Assembly).AddAssembly(typeof(ChatroomStatePackingTests).Assembly))
        .AddSingleton<ChatroomStatePacking>()
        .Configure<ChatroomOptions>(options => options.WindowInPreviousShape = previousShape)
        .BuildServiceProvider();

    private static void AssertSameMessages(IServiceProvider services, IReadOnlyList<StoredMessage> expected, IReadOnlyList<StoredMessage> actual)
    {
        var messages = services.GetRequiredService<Serializer<StoredMessage>>();
        Assert.Equal(expected.Select(messages.SerializeToArray), actual.Select(messages.SerializeToArray));
    }

    private static ChatroomState StateWith(List<StoredMessage> recent) => new()
    {
        OwnerId = "owner-1",
        Title = "History",
        SealedPages = 2,
        Recent = recent,
        Forks = [new MessageFork(101, 99)],
        Receipts = [new TurnReceipt("key-1", "fingerprint-1", 101, At.AddMinutes(2), FromClient: false) { TurnId = "turn-1" }],
    };

    /// <summary>Messages with what an answer carries (parts, a signature, usage, an earlier version) and repeated strings.</summary>
    internal static List<StoredMessage> Conversation() =>
    [
        new(MessageRole.User, "When did the Berlin Wall fall?", At),
        new(MessageRole.AI, "In 1989, on 9 November.", At.AddSeconds(2))
        {
            Model = "gemini-3-flash",
            FinishReason = "STOP",
            Usage = new TokenUsage(20, 12, 40) { ThoughtTokens = 8 },
            Parts = [new ReplyPart(false, 8, "sig-a"), new ReplyPart(false, 15, null)],
            TurnId = "turn-1",
            Versions = [new StoredMessage(MessageRole.AI, "In 1989.", At.AddSeconds(1)) { Model = "gemini-3-flash" }],
        },
        new(MessageRole.User, "And when was it built?", At.AddSeconds(3)),
    ];
}

/// <summary>The chatroom state as releases before the packed window declared it, as far as this test needs.</summary>
[GenerateSerializer]
public sealed class PreviousChatroomState
{
    [Id(0)] public string OwnerId { get; set; } = "";
    [Id(4)] public int SealedPages { get; set; }
    [Id(5)] public List<StoredMessage>? Recent { get; set; } = [];
    [Id(7)] public List<TurnReceipt>? Receipts { get; set; }
}

/// <summary>
/// <see cref="RecordPacker{T}"/> takes a record's bytes from the list's last packing only for that very record, and
/// finds them however the list changed: appended to, cut at the front, a record replaced in place.
/// </summary>
public sealed class RecordPackerTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services =
        new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(StoredMessage).Assembly)).BuildServiceProvider();

    private Serializer<StoredMessage> Serializer => _services.GetRequiredService<Serializer<StoredMessage>>();

    private RecordPacker<StoredMessage> Packer => new(Serializer);

    [Fact]
    public void Records_still_in_the_list_keep_their_bytes_and_only_new_or_replaced_ones_are_serialized()
    {
        var list = Messages(6);
        var first = Packer.Pack(list, before: null);

        // A page sealed off the front, a rating replacing one in place, a turn appended.
        list.RemoveRange(0, 2);
        list[1] = list[1] with { Feedback = new MessageFeedback(FeedbackRating.Up, null, null) };
        list.Add(new StoredMessage(MessageRole.AI, "m6", At.AddSeconds(6)));
        var second = Packer.Pack(list, first);

        Assert.Equal(list.Select(Serializer.SerializeToArray), second.Items);
        Assert.Equal([first.Items[2], first.Items[4], first.Items[5]], [second.Items[0], second.Items[2], second.Items[3]], ReferenceEqualityComparer.Instance);
        Assert.DoesNotContain(second.Items[1], first.Items, ReferenceEqualityComparer.Instance);
        Assert.Equal(second.Items, Packer.Pack(list, second).Items, ReferenceEqualityComparer.Instance);
    }

    [Fact]
    public void A_record_inserted_in_the_middle_costs_only_its_own_serialization()
    {
        var list = Messages(4);
        var first = Packer.Pack(list, before: null);

        // How a client's receipt joins the client's before the gateway's.
        list.Insert(2, new StoredMessage(MessageRole.User, "inserted", At));
        var second = Packer.Pack(list, first);

        Assert.Equal(list.Select(Serializer.SerializeToArray), second.Items);
        Assert.Equal(first.Items, [second.Items[0], second.Items[1], second.Items[3], second.Items[4]], ReferenceEqualityComparer.Instance);
    }

    [Fact]
    public void A_list_read_back_is_written_from_the_bytes_it_was_read_from()
    {
        var stored = Packer.Pack(Messages(2), before: null);

        var (records, read) = Packer.Unpack(new PackedRecords(stored.Items));

        Assert.Equal(["m0", "m1"], records.Select(r => r.Text));
        Assert.Equal(stored.Items, Packer.Pack(records, read).Items, ReferenceEqualityComparer.Instance);
    }

    public void Dispose() => _services.Dispose();

    private static List<StoredMessage> Messages(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new StoredMessage(i % 2 == 0 ? MessageRole.User : MessageRole.AI, $"m{i}", At.AddSeconds(i)))];
}

using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Persistence;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Tests.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace GeminiClone.Grains.Tests.Chatrooms;

/// <summary>
/// The chatroom's record stays short (a window of 10-59 messages, sealed into pages of 50), a turn's history still
/// reaches back across the newest seal (from the activation's memory, and from the page after a restart), and a record
/// stored with the earlier window of 50-99 loads whole and seals its surplus on its next turns.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ChatHistoryWindowTests(ClusterFixture fixture)
{
    private IServiceProvider Services => ((Orleans.TestingHost.InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services;

    private IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Chatrooms);

    [Fact]
    public async Task A_seal_leaves_the_last_five_turns_in_the_record_and_the_next_turn_still_sends_the_sealed_ones_to_Gemini()
    {
        var (ownerId, chatroom, tag) = await NewConversationAsync();
        await SendAsync(chatroom, ownerId, tag, 0, 30); // 60 messages: the window reaches 60 and seals one page

        var stored = await ReadRecordAsync(chatroom);
        await SendAsync(chatroom, ownerId, tag, 30, 31);

        Assert.Equal((1, ChatHistory.MinRecent), (stored.SealedPages, stored.Recent.Count));
        Assert.Equal($"{tag} q25", stored.Recent[0].Text);
        var history = Assert.Single(fixture.Gemini.Requests.Containing($"{tag} q30")).Turns;
        // Forty messages of history (Chat:HistoryMaxMessages) reach 30 back into the sealed page: q10 to q29.
        Assert.Equal($"{tag} q10", history[0].Text);
        Assert.Equal(41, history.Count);
    }

    [Fact]
    public async Task After_a_restart_a_turn_reads_the_sealed_page_its_history_reaches_into()
    {
        var (ownerId, chatroom, tag) = await NewConversationAsync();
        await SendAsync(chatroom, ownerId, tag, 0, 31);

        await fixture.DeactivateAllAsync();
        await SendAsync(chatroom, ownerId, tag, 31, 32);

        var history = Assert.Single(fixture.Gemini.Requests.Containing($"{tag} q31")).Turns;
        Assert.Equal(Enumerable.Range(11, 20).Select(i => $"{tag} q{i}"), history.Where(t => t.Role == "user").Select(t => t.Text).Take(20));
    }

    [Fact]
    public async Task A_rating_on_the_newest_sealed_page_is_read_back_before_and_after_a_restart()
    {
        var (ownerId, chatroom, tag) = await NewConversationAsync();
        await SendAsync(chatroom, ownerId, tag, 0, 30);

        var rated = await chatroom.SetFeedbackAsync(ownerId, 41, new MessageFeedback(FeedbackRating.Up, null, "clear"));
        var before = await chatroom.GetLogAsync(ownerId, 41, 1);
        await fixture.DeactivateAllAsync();
        var after = await chatroom.GetLogAsync(ownerId, 41, 1);

        Assert.Equal(FeedbackStatus.Saved, rated.Status);
        Assert.Equal(("clear", "clear"), (before!.Messages[0].Feedback?.Comment, after!.Messages[0].Feedback?.Comment));
    }

    [Fact]
    public async Task A_record_stored_with_the_earlier_window_of_50_to_99_loads_whole_and_seals_its_surplus_on_its_next_turns()
    {
        var (ownerId, chatroom, tag) = await NewConversationAsync(turns: 0);
        await fixture.DeactivateAllAsync();
        var earlier = await ReadRecordStateAsync(chatroom);
        // As the previous release left a conversation of 49 turns: no page sealed yet, all 98 messages in the record.
        earlier.State!.Recent = [.. Enumerable.Range(0, 49).SelectMany(i => Turn(tag, i))];
        await Storage.WriteStateAsync(StorageNames.ChatroomState, chatroom.GetGrainId(), earlier);

        var loaded = await chatroom.GetLogAsync(ownerId, 0, 500);
        await SendAsync(chatroom, ownerId, tag, 49, 50);
        var sealedOnce = await ReadRecordAsync(chatroom);
        await SendAsync(chatroom, ownerId, tag, 50, 55);
        var sealedTwice = await ReadRecordAsync(chatroom);
        await fixture.DeactivateAllAsync();
        var all = await chatroom.GetLogAsync(ownerId, 0, 500);

        Assert.Equal(98, loaded!.Messages.Count);
        // 100 messages seal one page, leaving 50; five turns later the window reaches 60 and seals the next.
        Assert.Equal((1, 50), (sealedOnce.SealedPages, sealedOnce.Recent.Count));
        Assert.Equal((2, ChatHistory.MinRecent), (sealedTwice.SealedPages, sealedTwice.Recent.Count));
        Assert.Equal(Enumerable.Range(0, 55).Select(i => $"{tag} q{i}"), all!.Messages.Where(m => m.Role == MessageRole.User).Select(m => m.Text));
        Assert.Equal(110, all.Chatroom.MessageCount);
    }

    private async Task<(string OwnerId, IChatroomGrain Chatroom, string Tag)> NewConversationAsync(int turns = 0)
    {
        var ownerId = (await fixture.NewUserAsync()).GetPrimaryKeyString();
        // Pro has no daily limit by default, so long conversations fit in one test day.
        await fixture.Grains.GetGrain<ISubscriptionGrain>($"sub_{Guid.NewGuid():N}").ApplyChangeAsync(
            new SubscriptionChange(ownerId, null, "active", null, false, ClusterFixture.Clock.GetUtcNow()));
        var chatroom = fixture.Grains.GetGrain<IChatroomGrain>(Guid.NewGuid().ToString());
        Assert.Equal(ChatroomChangeStatus.Changed, (await chatroom.CreateAsync(ownerId, new ChatroomChange(Title: "Window"))).Status);
        var tag = $"w{Guid.NewGuid():N}"[..9];
        await SendAsync(chatroom, ownerId, tag, 0, turns);
        return (ownerId, chatroom, tag);
    }

    private static async Task SendAsync(IChatroomGrain chatroom, string ownerId, string tag, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            Assert.Equal(ChatTurnStatus.Replied, (await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest($"{tag} q{i}"))).Status);
        }
    }

    private async Task<ChatroomState> ReadRecordAsync(IChatroomGrain chatroom) => (await ReadRecordStateAsync(chatroom)).State!;

    /// <summary>The chatroom's record as storage holds it, with its version tag (a write back must carry it).</summary>
    private async Task<GrainState<ChatroomState>> ReadRecordStateAsync(IChatroomGrain chatroom)
    {
        var state = new GrainState<ChatroomState>(new ChatroomState());
        await Storage.ReadStateAsync(StorageNames.ChatroomState, chatroom.GetGrainId(), state);
        return state;
    }

    private static StoredMessage[] Turn(string tag, int i)
    {
        var at = ClusterFixture.Clock.GetUtcNow().AddMinutes(-100 + i);
        return [new StoredMessage(MessageRole.User, $"{tag} q{i}", at), new StoredMessage(MessageRole.AI, $"Reply: {tag} q{i}", at.AddSeconds(1))];
    }
}

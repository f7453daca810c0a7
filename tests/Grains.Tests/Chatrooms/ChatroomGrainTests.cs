using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Tests.Users;

namespace GeminiClone.Grains.Tests.Chatrooms;

/// <summary>The chatroom grain on its own: ownership, turns, quota, paging across sealed pages, deletion.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ChatroomGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_chatroom_belongs_to_its_creator_alone()
    {
        var (owner, chatroom) = await NewChatroomAsync();
        var stranger = await fixture.NewUserAsync();
        var strangerId = stranger.GetPrimaryKeyString();

        Assert.NotNull(await chatroom.GetPageAsync(owner.GetPrimaryKeyString(), before: null, limit: 10));
        Assert.Null(await chatroom.GetPageAsync(strangerId, before: null, limit: 10));
        Assert.Equal(ChatroomChangeStatus.NotFound, (await chatroom.ChangeAsync(strangerId, new ChatroomChange(Title: "mine"))).Status);
        Assert.Equal(ChatTurnStatus.NotFound, (await chatroom.RunTurnAsync(strangerId, new ChatTurnRequest("hi"))).Status);
        Assert.False(await chatroom.DeleteAsync(strangerId));
        Assert.Empty(await stranger.GetChatroomsAsync());
    }

    [Fact]
    public async Task A_turn_stores_question_and_answer_together_and_charges_one_slot()
    {
        var (owner, chatroom) = await NewChatroomAsync();
        var ownerId = owner.GetPrimaryKeyString();

        var turn = await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest("first question"));
        await fixture.DeactivateAllAsync();
        var page = await chatroom.GetPageAsync(ownerId, before: null, limit: 10);

        Assert.Equal(ChatTurnStatus.Replied, turn.Status);
        Assert.Equal("Reply #1: first question", turn.Reply!.Text);
        Assert.Equal(1, turn.Quota!.Used);
        Assert.Equal(["first question", "Reply #1: first question"], page!.Messages.Select(m => m.Text));
        Assert.Equal([MessageRole.User, MessageRole.AI], page.Messages.Select(m => m.Role));
        Assert.Equal(1, (await owner.GetSubscriptionStatusAsync()).Quota.Used);
    }

    [Fact]
    public async Task A_turn_gemini_refuses_stores_nothing_and_costs_nothing()
    {
        var (owner, chatroom) = await NewChatroomAsync();
        var ownerId = owner.GetPrimaryKeyString();

        var turn = await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest("[[block-prompt:SAFETY]] tell me"));
        var page = await chatroom.GetPageAsync(ownerId, before: null, limit: 10);

        Assert.Equal(ChatTurnStatus.Blocked, turn.Status);
        Assert.Equal("SAFETY", turn.BlockReason);
        Assert.Empty(page!.Messages);
        Assert.Equal(0, (await owner.GetSubscriptionStatusAsync()).Quota.Used);
    }

    [Fact]
    public async Task A_withheld_reply_is_reported_with_gemini_s_reason_and_not_stored()
    {
        var (owner, chatroom) = await NewChatroomAsync();
        var ownerId = owner.GetPrimaryKeyString();

        var turn = await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest("[[block-reply:RECITATION]] sing"));

        Assert.Equal(ChatTurnStatus.Blocked, turn.Status);
        Assert.Equal("RECITATION", turn.BlockReason);
        Assert.Empty((await chatroom.GetPageAsync(ownerId, before: null, limit: 10))!.Messages);
        Assert.Equal(0, (await owner.GetSubscriptionStatusAsync()).Quota.Used);
    }

    [Fact]
    public async Task Over_quota_a_turn_is_refused_before_gemini_is_asked()
    {
        var (owner, chatroom) = await NewChatroomAsync();
        var ownerId = owner.GetPrimaryKeyString();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ChatTurnStatus.Replied, (await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest($"q{i}"))).Status);
        }

        var marker = $"over-{Guid.NewGuid():N}";
        var refused = await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest(marker));

        Assert.Equal(ChatTurnStatus.QuotaExceeded, refused.Status);
        Assert.Equal(0, refused.Quota!.Remaining);
        Assert.Empty(fixture.Gemini.Requests.Containing(marker));
    }

    [Fact]
    public async Task A_long_conversation_reads_back_in_order_across_sealed_pages_after_a_restart()
    {
        var (owner, chatroom) = await NewChatroomAsync();
        var ownerId = owner.GetPrimaryKeyString();
        await MakeProAsync(ownerId);
        const int Turns = 60; // 120 messages: two sealed pages of 50 and a recent window of 20

        for (var i = 0; i < Turns; i++)
        {
            Assert.Equal(ChatTurnStatus.Replied, (await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest($"q{i}"))).Status);
        }

        await fixture.DeactivateAllAsync();
        var all = await chatroom.GetPageAsync(ownerId, before: null, limit: 500);
        var straddling = await chatroom.GetPageAsync(ownerId, before: 55, limit: 10);

        Assert.Equal(2 * Turns, all!.Chatroom.MessageCount);
        Assert.Equal(Enumerable.Range(0, Turns).Select(i => $"q{i}"), all.Messages.Where(m => m.Role == MessageRole.User).Select(m => m.Text));
        Assert.Equal(45, straddling!.FirstSequence); // message 45 is the answer to q22, in the first sealed page
        Assert.Equal(["q23", "q24", "q25", "q26", "q27"], straddling.Messages.Where(m => m.Role == MessageRole.User).Select(m => m.Text));
        Assert.True(straddling.HasOlder);
    }

    [Fact]
    public async Task Deleting_a_chatroom_removes_it_and_its_sealed_pages_and_the_owner_s_entry()
    {
        var (owner, chatroom) = await NewChatroomAsync();
        var ownerId = owner.GetPrimaryKeyString();
        await MakeProAsync(ownerId);
        for (var i = 0; i < 50; i++)
        {
            await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest($"q{i}"));
        }

        Assert.True(await chatroom.DeleteAsync(ownerId));
        await fixture.DeactivateAllAsync();

        Assert.Null(await chatroom.GetPageAsync(ownerId, before: null, limit: 10));
        Assert.Empty(await fixture.Grains.GetGrain<IChatPageGrain>($"{chatroom.GetPrimaryKeyString()}/0").GetAsync());
        Assert.DoesNotContain(await owner.GetChatroomsAsync(), c => c.Id == chatroom.GetPrimaryKeyString());
    }

    [Fact]
    public async Task Settings_the_catalog_does_not_know_are_refused_and_change_nothing()
    {
        var (owner, chatroom) = await NewChatroomAsync();
        var ownerId = owner.GetPrimaryKeyString();

        var refused = await chatroom.ChangeAsync(ownerId, new ChatroomChange(Model: "gemini-0.1-imaginary"));
        var renamed = await chatroom.ChangeAsync(ownerId, new ChatroomChange(Title: "Renamed"));

        Assert.Equal(ChatroomChangeStatus.Invalid, refused.Status);
        Assert.Equal("model", refused.Field);
        Assert.Equal("Renamed", renamed.Chatroom!.Title);
        Assert.Null(renamed.Chatroom.Settings.Model);
        Assert.Equal("Renamed", Assert.Single(await owner.GetChatroomsAsync()).Title);
    }

    private async Task<(IUserGrain Owner, IChatroomGrain Chatroom)> NewChatroomAsync()
    {
        var owner = await fixture.NewUserAsync();
        var chatroom = fixture.Grains.GetGrain<IChatroomGrain>(Guid.NewGuid().ToString());
        var created = await chatroom.CreateAsync(owner.GetPrimaryKeyString(), new ChatroomChange(Title: "Test"));
        Assert.Equal(ChatroomChangeStatus.Changed, created.Status);
        return (owner, chatroom);
    }

    /// <summary>Pro has no daily limit by default, so long conversations fit in one test day.</summary>
    private Task MakeProAsync(string userId) =>
        fixture.Grains.GetGrain<ISubscriptionGrain>($"sub_{Guid.NewGuid():N}").ApplyChangeAsync(
            new SubscriptionChange(userId, null, "active", null, false, ClusterFixture.Clock.GetUtcNow()));
}

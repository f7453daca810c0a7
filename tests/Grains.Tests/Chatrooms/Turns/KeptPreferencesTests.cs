using GeminiClone.Grains.Chatrooms.Turns;
using Orleans.Core.Internal;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Interfaces.Users.Preferences;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Tests.Users;

namespace GeminiClone.Grains.Tests.Chatrooms.Turns;

/// <summary>
/// A chatroom keeps its owner's preferences between turns and reads them again only when its slot says they changed
/// (or what it kept is <see cref="KeptPreferences.MaxAge"/> old): every turn still runs with them as they are.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class KeptPreferencesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Turns_read_the_preferences_again_only_after_a_change_and_use_it_at_once()
    {
        var (ownerId, chatroom, preferences) = await NewChatroomAsync();

        var first = await TurnAsync(ownerId, chatroom);
        var second = await TurnAsync(ownerId, chatroom);
        Assert.Equal(PreferencesStatus.Saved, (await preferences.SetPreferencesAsync("Call me Asha.", null, ChatTools.None)).Status);
        var changed = await TurnAsync(ownerId, chatroom);
        var after = await TurnAsync(ownerId, chatroom);

        Assert.Equal((1, 0, 1, 0), (first.Reads, second.Reads, changed.Reads, after.Reads));
        Assert.DoesNotContain("Call me Asha.", first.SystemText ?? "");
        Assert.DoesNotContain("Call me Asha.", second.SystemText ?? "");
        Assert.StartsWith("Call me Asha.", changed.SystemText);
        Assert.StartsWith("Call me Asha.", after.SystemText);
    }

    [Fact]
    public async Task A_change_of_the_chatrooms_gem_is_read_on_the_next_turn()
    {
        var ownerId = (await fixture.NewUserAsync()).GetPrimaryKeyString();
        var preferences = fixture.Grains.GetGrain<IUserPreferencesGrain>(ownerId);
        var gemId = Guid.NewGuid().ToString("N");
        Assert.Equal(PreferencesStatus.Saved, (await preferences.CreateGemAsync(gemId, new GemDraft("Tutor", null, "Explain like a tutor.", null, ChatTools.None))).Status);
        var chatroom = fixture.Grains.GetGrain<IChatroomGrain>(Guid.NewGuid().ToString());
        Assert.Equal(ChatroomChangeStatus.Changed, (await chatroom.CreateAsync(ownerId, new ChatroomChange(Title: "Gem") { GemId = gemId })).Status);

        var first = await TurnAsync(ownerId, chatroom);
        var same = await TurnAsync(ownerId, chatroom);
        Assert.Equal(PreferencesStatus.Saved, (await preferences.ChangeGemAsync(gemId, new GemChange(null, null, "Explain like a patient tutor.", null, null))).Status);
        var changed = await TurnAsync(ownerId, chatroom);

        Assert.Equal((1, 0, 1), (first.Reads, same.Reads, changed.Reads));
        Assert.Equal("Explain like a tutor.", same.SystemText);
        Assert.Equal("Explain like a patient tutor.", changed.SystemText);
    }

    [Fact]
    public async Task What_a_chatroom_kept_is_read_again_once_it_is_half_a_minute_old()
    {
        var (ownerId, chatroom, _) = await NewChatroomAsync();
        await TurnAsync(ownerId, chatroom);

        var young = await TurnAsync(ownerId, chatroom);
        ClusterFixture.Clock.Advance(KeptPreferences.MaxAge);
        var old = await TurnAsync(ownerId, chatroom);

        Assert.Equal((0, 1), (young.Reads, old.Reads));
    }

    [Fact]
    public async Task After_every_grain_restarts_one_turn_reads_them_again()
    {
        var (ownerId, chatroom, preferences) = await NewChatroomAsync();
        await preferences.SetPreferencesAsync("Be brief.", null, ChatTools.None);
        await TurnAsync(ownerId, chatroom);

        await fixture.DeactivateAllAsync();
        // The preferences grain takes a new version, which its activation announces to the user's grain.
        var turns = new List<(int Reads, string? SystemText)>();
        for (var i = 0; i < 4; i++)
        {
            turns.Add(await TurnAsync(ownerId, chatroom));
        }

        Assert.Equal([1, 0, 0, 0], turns.Select(t => t.Reads));
        Assert.All(turns, t => Assert.StartsWith("Be brief.", t.SystemText));
    }

    [Fact]
    public async Task A_restarted_user_grain_costs_a_chatroom_one_read_more_then_none()
    {
        var (ownerId, chatroom, preferences) = await NewChatroomAsync();
        await preferences.SetPreferencesAsync("Be kind.", null, ChatTools.None);
        await TurnAsync(ownerId, chatroom);
        Assert.Equal(0, (await TurnAsync(ownerId, chatroom)).Reads);

        // Its new activation has heard no version: the kept read is of another, so it is read again and kept with that.
        await fixture.Grains.GetGrain<IUserGrain>(ownerId).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var turns = new List<(int Reads, string? SystemText)>();
        for (var i = 0; i < 3; i++)
        {
            turns.Add(await TurnAsync(ownerId, chatroom));
        }

        Assert.Equal([1, 0, 0], turns.Select(t => t.Reads));
        Assert.All(turns, t => Assert.StartsWith("Be kind.", t.SystemText));
    }

    private async Task<(string OwnerId, IChatroomGrain Chatroom, IUserPreferencesGrain Preferences)> NewChatroomAsync()
    {
        var ownerId = (await fixture.NewUserAsync()).GetPrimaryKeyString();
        var chatroom = fixture.Grains.GetGrain<IChatroomGrain>(Guid.NewGuid().ToString());
        Assert.Equal(ChatroomChangeStatus.Changed, (await chatroom.CreateAsync(ownerId, new ChatroomChange(Title: "Kept"))).Status);
        return (ownerId, chatroom, fixture.Grains.GetGrain<IUserPreferencesGrain>(ownerId));
    }

    /// <summary>One turn: the reads of the preferences it made, and the system text Gemini was sent (the user's instructions first).</summary>
    private async Task<(int Reads, string? SystemText)> TurnAsync(string ownerId, IChatroomGrain chatroom)
    {
        var marker = $"kept {Guid.NewGuid():N}";
        var readsBefore = ReadsOf(ownerId);
        var turn = await chatroom.RunTurnAsync(ownerId, new ChatTurnRequest(marker));
        Assert.Equal(ChatTurnStatus.Replied, turn.Status);
        var sent = Assert.Single(fixture.Gemini.Requests.Containing(marker));
        return (ReadsOf(ownerId) - readsBefore, sent.SystemInstruction);
    }

    private static int ReadsOf(string ownerId) => GrainCalls.Recorder.Count(nameof(IUserPreferencesGrain.GetForTurnAsync), ownerId);
}

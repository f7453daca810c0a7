using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users.Preferences;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Users.Preferences;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace GeminiClone.Grains.Tests.Persistence;

/// <summary>
/// Chatrooms stored before Gems load without one and take one on; the preferences grain's records round-trip.
/// <c>Stored/chatroom-state-before-gems.b64</c> was written by b068c1a's grain storage and is never regenerated.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GemStateCompatibilityTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset WrittenAt = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    private IGrainStorageSerializer Storage =>
        ((Orleans.TestingHost.InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services.GetRequiredService<IGrainStorageSerializer>();

    [Fact]
    public void A_chatroom_stored_before_gems_loads_with_everything_it_had_and_no_gem_then_keeps_one()
    {
        // A chatroom with settings and a tool, a keyed turn, its search count and its retention reminder.
        var chatroom = Storage.Deserialize<ChatroomState>(new BinaryData(Convert.FromBase64String(ReadText("chatroom-state-before-gems.b64"))))!;

        Assert.Equal(("owner-1", "Before Gems", 2), (chatroom.OwnerId, chatroom.Title, chatroom.MessageCount));
        Assert.Equal(("Plan a day in Hampi", "Morning: Virupaksha temple.", "t1"), (chatroom.Recent[0].Text, chatroom.Recent[1].Text, chatroom.Recent[1].TurnId));
        Assert.Equal(new ChatroomSettings("gemini-3.5-flash", "Answer like a travel agent.", "low", IncludeThoughts: true) { Tools = ChatTools.GoogleSearch },
            chatroom.Settings);
        Assert.Equal(("client-key-1", "t1"), (Assert.Single(chatroom.Receipts!).Key, chatroom.Receipts![0].TurnId));
        Assert.Equal((2, true), (chatroom.SearchIndexedCount, chatroom.RetentionScheduled));
        Assert.Null(chatroom.Gem);
        Assert.Null(ChatroomView.Of("room", chatroom).ToDetails().Gem);

        chatroom.Gem = new GemSettings("g1", "Guide", "Answer like a local guide.", "gemini-3.7-flash", ChatTools.UrlContext, WrittenAt.AddDays(1));
        var again = Storage.Deserialize<ChatroomState>(Storage.Serialize(chatroom))!;

        Assert.Equal(chatroom.Gem, again.Gem);
        Assert.Equal(new GemReference("g1", "Guide"), ChatroomView.Of("room", again).ToDetails().Gem);
        Assert.Equal(chatroom.Settings, again.Settings);
        Assert.Equal("Morning: Virupaksha temple.", again.Recent[1].Text);
    }

    [Fact]
    public void A_users_preferences_and_gems_round_trip_through_grain_storage()
    {
        var preferences = new UserPreferencesState
        {
            Instructions = "Call me Asha.", DefaultModel = "gemini-3.5-flash", DefaultTools = ChatTools.GoogleSearch | ChatTools.UrlContext, UpdatedAt = WrittenAt,
        };
        var gem = new Gem("g1", "Editor", null, "Tighten my prose.", null, ChatTools.CodeExecution, WrittenAt, WrittenAt.AddHours(1));
        var gems = new UserGemsState { Gems = { [gem.Id] = gem } };

        var loadedPreferences = Storage.Deserialize<UserPreferencesState>(Storage.Serialize(preferences))!;
        var loadedGems = Storage.Deserialize<UserGemsState>(Storage.Serialize(gems))!;

        Assert.Equal(preferences.ToPreferences(), loadedPreferences.ToPreferences());
        Assert.Equal(gem, loadedGems.Gems["g1"]);
    }

    private static string ReadText(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Persistence", "Stored", name)).Trim();
}

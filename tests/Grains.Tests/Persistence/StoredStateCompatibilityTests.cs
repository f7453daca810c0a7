using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace GeminiClone.Grains.Tests.Persistence;

/// <summary>
/// State written by earlier releases must still load. The files under <c>Stored/</c> were written by the code of
/// their time (grain storage's JSON, as PostgreSQL holds it, and Orleans' wire format, as silos of mixed versions
/// exchange it during a rolling upgrade) and are never regenerated: a new shape adds files, it does not rewrite these.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StoredStateCompatibilityTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset WrittenAt = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    private IServiceProvider Services => ((Orleans.TestingHost.InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services;

    [Fact]
    public void A_chatroom_stored_before_Gemini_3_loads_with_its_messages()
    {
        var state = Services.GetRequiredService<IGrainStorageSerializer>()
            .Deserialize<ChatroomState>(new BinaryData(Read("chatroom-state.json")))!;

        Assert.Equal("Trip planning", state.Title);
        Assert.Equal(1, state.SealedPages);
        Assert.Equal(52, state.MessageCount);
        Assert.Equal([MessageRole.User, MessageRole.AI], state.Recent.Select(m => m.Role));
        Assert.Equal("Day 1: beaches.", state.Recent[1].Text);
        Assert.Equal(WrittenAt.AddSeconds(2), state.Recent[1].Timestamp);
    }

    [Fact]
    public void A_user_stored_before_Gemini_3_loads_with_tier_quota_and_chatrooms()
    {
        var state = Services.GetRequiredService<IGrainStorageSerializer>()
            .Deserialize<UserState>(new BinaryData(Read("user-state.json")))!;

        Assert.Equal(("Asha", UserTier.Pro, 3), (state.Name, state.Tier, state.TokenVersion));
        Assert.Equal((new DateOnly(2026, 11, 20), 4), (state.UsageDay, state.MessagesUsedToday));
        Assert.Equal("Trip planning", Assert.Single(state.Chatrooms).Value.Title);
        Assert.Null(state.Sessions);
    }

    [Fact]
    public void Sessions_round_trip_through_grain_storage_without_their_secrets()
    {
        var storage = Services.GetRequiredService<IGrainStorageSerializer>();
        var session = new UserSession("s1", WrittenAt, WrittenAt.AddHours(1), "Phone/1.0", "203.0.113.7", "hash-now", WrittenAt.AddDays(30))
        {
            RetiredHashes = ["hash-before"],
        };
        var state = new UserState { Name = "Asha", Sessions = new() { ["s1"] = session } };

        var loaded = storage.Deserialize<UserState>(storage.Serialize(state))!;

        var back = Assert.Single(loaded.Sessions!).Value;
        Assert.Equal(session with { RetiredHashes = [] }, back with { RetiredHashes = [] });
        Assert.Equal(["hash-before"], back.RetiredHashes);
    }

    [Fact]
    public void A_message_and_a_chatroom_sent_by_a_silo_of_the_previous_release_deserialize()
    {
        var serializer = Services.GetRequiredService<Serializer>();

        var message = serializer.Deserialize<StoredMessage>(Convert.FromBase64String(ReadText("stored-message.orleans.b64")));
        var chatroom = serializer.Deserialize<ChatroomState>(Convert.FromBase64String(ReadText("chatroom-state.orleans.b64")));

        Assert.Equal((MessageRole.AI, "Day 1: beaches."), (message!.Role, message.Text));
        Assert.Equal("Plan three days in Goa", chatroom!.Recent[0].Text);
    }

    [Fact]
    public void A_signed_answer_with_thoughts_and_usage_round_trips_through_grain_storage()
    {
        var answer = new StoredMessage(MessageRole.AI, "Hello there", WrittenAt)
        {
            Model = "gemini-3.8-flash-001", FinishReason = "MAX_TOKENS", Truncated = true, Thoughts = "Greeting",
            Usage = new TokenUsage(10, 3, 29) { ThoughtTokens = 16, CachedTokens = 4 },
            Parts = [new ReplyPart(true, 8, "sig-1"), new ReplyPart(false, 11, "sig-2")],
        };
        var state = new ChatroomState
        {
            OwnerId = "owner", Title = "t", Recent = [answer],
            Settings = new ChatroomSettings("gemini-3.5-flash", "Be brief.", "low", IncludeThoughts: true),
        };
        var storage = Services.GetRequiredService<IGrainStorageSerializer>();

        var loaded = storage.Deserialize<ChatroomState>(storage.Serialize(state))!;

        var message = Assert.Single(loaded.Recent);
        Assert.Equal(answer with { Parts = null }, message with { Parts = null });
        Assert.Equal(answer.Parts, message.Parts);
        Assert.Equal(state.Settings, loaded.Settings);
    }

    [Fact]
    public void Idempotency_receipts_round_trip_and_older_state_loads_without_them()
    {
        var storage = Services.GetRequiredService<IGrainStorageSerializer>();
        var receipt = new TurnReceipt("client-key", "fingerprint", 50, WrittenAt.AddHours(24), FromClient: true);
        var state = new ChatroomState { OwnerId = "owner", Title = "keyed", Receipts = [receipt] };

        var loaded = storage.Deserialize<ChatroomState>(storage.Serialize(state))!;
        var older = storage.Deserialize<ChatroomState>(new BinaryData(Read("chatroom-state.json")))!;

        Assert.Equal([receipt], loaded.Receipts!);
        Assert.Null(older.Receipts);
    }

    [Fact]
    public void State_is_written_in_orleans_binary_format_and_json_from_earlier_releases_still_loads()
    {
        var storage = Services.GetRequiredService<IGrainStorageSerializer>();
        var state = new ChatroomState { OwnerId = "owner", Title = "binary", Recent = [new StoredMessage(MessageRole.User, "hi", WrittenAt)] };

        var written = storage.Serialize(state).ToArray();
        var fromJson = storage.Deserialize<ChatroomState>(new BinaryData(Read("chatroom-state.json")))!;

        Assert.Equal(0, written[0]);
        Assert.Equal("hi", storage.Deserialize<ChatroomState>(new BinaryData(written))!.Recent[0].Text);
        Assert.Equal("Trip planning", fromJson.Title);
    }

    [Fact]
    public void A_chatroom_stored_before_turn_ids_loads_and_its_turn_can_still_be_replayed_and_regenerated()
    {
        // Written by d593e72's grain storage (binary), with a signed answer and a client's idempotency receipt.
        var storage = Services.GetRequiredService<IGrainStorageSerializer>();
        var state = storage.Deserialize<ChatroomState>(new BinaryData(Convert.FromBase64String(ReadText("chatroom-state-before-turn-ids.b64"))))!;

        var answer = state.Recent[1];
        Assert.Equal(("Before turn ids", 2), (state.Title, state.MessageCount));
        Assert.Equal(("Morning: Fort Kochi.", "sig-kochi"), (answer.Text, answer.Parts![1].ThoughtSignature));
        Assert.Equal((null, false, null), (answer.TurnId, answer.Stopped, answer.Versions));
        var receipt = Assert.Single(state.Receipts!);
        Assert.Equal(("client-key-1", 0, null), (receipt.Key, receipt.FirstSequence, receipt.TurnId));

        var regenerated = answer.ReplacedBy(new StoredMessage(MessageRole.AI, "Morning: Mattancherry.", WrittenAt) { TurnId = "t2" });
        Assert.Equal(["Morning: Fort Kochi."], regenerated.Versions!.Select(v => v.Text));
        Assert.Equal("Morning: Mattancherry.", storage.Deserialize<ChatroomState>(storage.Serialize(new ChatroomState
        {
            OwnerId = state.OwnerId, Recent = [state.Recent[0], regenerated],
        }))!.Recent[1].Text);
    }

    [Fact]
    public void A_chatroom_and_a_user_stored_before_search_retention_and_attachments_load_and_take_them_on()
    {
        // Written by 176372f's grain storage (binary): a regenerated, stopped answer with its earlier version; a Pro
        // user with a session.
        var storage = Services.GetRequiredService<IGrainStorageSerializer>();
        var chatroom = storage.Deserialize<ChatroomState>(new BinaryData(Convert.FromBase64String(ReadText("chatroom-state-before-search.b64"))))!;
        var user = storage.Deserialize<UserState>(new BinaryData(Convert.FromBase64String(ReadText("user-state-before-attachments.b64"))))!;

        Assert.Equal(("Before search and attachments", 2), (chatroom.Title, chatroom.MessageCount));
        Assert.Equal(("Morning: Mattancherry.", true), (chatroom.Recent[1].Text, chatroom.Recent[1].Stopped));
        Assert.Equal(["Morning: Fort Kochi."], chatroom.Recent[1].Versions!.Select(v => v.Text));
        Assert.Equal((null, false, null, null), (chatroom.SearchIndexedCount, chatroom.RetentionScheduled, chatroom.Attachments, chatroom.Recent[0].Attachments));
        Assert.Equal(("Asha", UserTier.Pro, 4, "curl/8"), (user.Name, user.Tier, user.MessagesUsedToday, user.Sessions!["s1"].UserAgent));
        Assert.Equal((null, 0L), (user.UploadDay, user.UploadedBytes));

        // What they gain round-trips with what they had.
        chatroom.Attachments = [new Attachment("f1", "a.png", "image/png", 10, "ab", WrittenAt) { UsedInTurn = "t1", GeminiFileUri = "files/x" }];
        chatroom.Recent[0] = chatroom.Recent[0] with { Attachments = [MessageAttachment.Of(chatroom.Attachments[0])] };
        chatroom.SearchIndexedCount = 2;
        var again = storage.Deserialize<ChatroomState>(storage.Serialize(chatroom))!;
        Assert.Equal(("files/x", "a.png", 2), (again.Attachments![0].GeminiFileUri, again.Recent[0].Attachments![0].Name, again.SearchIndexedCount));
        Assert.Equal("Morning: Fort Kochi.", again.Recent[1].Versions![0].Text);
    }

    [Fact]
    public void A_user_stored_before_the_otp_lockout_loads_unlocked_and_the_lockout_round_trips()
    {
        // Written by 466d783's grain storage (binary): a user with a pending login code (two wrong tries), a session
        // and today's uploads.
        var storage = Services.GetRequiredService<IGrainStorageSerializer>();
        var user = storage.Deserialize<UserState>(new BinaryData(Convert.FromBase64String(ReadText("user-state-before-sign-in.b64"))))!;

        Assert.Equal(("Asha", 2, 3, 1234L), (user.Name, user.TokenVersion, user.MessagesUsedToday, user.UploadedBytes));
        Assert.Equal(2, user.PendingOtps[OtpPurpose.Login].FailedAttempts);
        Assert.Equal("curl/8", user.Sessions!["s1"].UserAgent);
        Assert.Equal((null, null), (user.OtpFailures, user.OtpLockedUntil));

        user.OtpFailures = [WrittenAt, WrittenAt.AddMinutes(1)];
        user.OtpLockedUntil = WrittenAt.AddHours(1);
        var again = storage.Deserialize<UserState>(storage.Serialize(user))!;
        Assert.Equal([WrittenAt, WrittenAt.AddMinutes(1)], again.OtpFailures!);
        Assert.Equal(WrittenAt.AddHours(1), again.OtpLockedUntil);
        Assert.Equal(2, again.PendingOtps[OtpPurpose.Login].FailedAttempts);
    }

    [Fact]
    public void A_chatroom_a_user_and_a_summary_written_before_pins_archive_folders_and_temporary_chats_load_as_none_of_them()
    {
        // Written by b068c1a's grain storage (binary) and wire format: a chatroom with a turn, a user listing two.
        var storage = Services.GetRequiredService<IGrainStorageSerializer>();
        var chatroom = storage.Deserialize<ChatroomState>(new BinaryData(Convert.FromBase64String(ReadText("chatroom-state-before-folders.b64"))))!;
        var user = storage.Deserialize<UserState>(new BinaryData(Convert.FromBase64String(ReadText("user-state-before-folders.b64"))))!;
        var summary = Services.GetRequiredService<Serializer>().Deserialize<ChatroomSummary>(Convert.FromBase64String(ReadText("chatroom-summary.orleans.b64")));

        Assert.Equal(("Before folders", 2, true, "gemini-3.5-flash"), (chatroom.Title, chatroom.MessageCount, chatroom.RetentionScheduled, chatroom.Settings!.Model));
        Assert.Equal((false, false, (string?)null, false), (chatroom.Pinned, chatroom.Archived, chatroom.FolderId, chatroom.Temporary));
        Assert.Equal(["room-1", "room-2"], user.Chatrooms.Keys.Order());
        Assert.All(user.Chatrooms.Values, c => Assert.Equal((false, false, (string?)null, false), (c.Pinned, c.Archived, c.FolderId, c.Temporary)));
        Assert.Equal(new ChatroomSummary("room-1", "Before folders", new DateTimeOffset(2026, 12, 2, 9, 35, 0, TimeSpan.Zero)), summary);

        // What they gain round-trips with what they had.
        (chatroom.Pinned, chatroom.Archived, chatroom.FolderId, chatroom.Temporary) = (true, true, "folder-1", true);
        user.Chatrooms["room-1"] = user.Chatrooms["room-1"] with { Pinned = true, FolderId = "folder-1", Temporary = true };
        var again = storage.Deserialize<ChatroomState>(storage.Serialize(chatroom))!;
        var userAgain = storage.Deserialize<UserState>(storage.Serialize(user))!;
        Assert.Equal((true, true, "folder-1", true, "Morning: Fort Kochi."), (again.Pinned, again.Archived, again.FolderId, again.Temporary, again.Recent[1].Text));
        Assert.Equal((true, false, "folder-1", true), (userAgain.Chatrooms["room-1"].Pinned, userAgain.Chatrooms["room-1"].Archived,
            userAgain.Chatrooms["room-1"].FolderId, userAgain.Chatrooms["room-1"].Temporary));
        Assert.Equal("Second", userAgain.Chatrooms["room-2"].Title);
    }

    private static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Persistence", "Stored", name));

    private static string ReadText(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Persistence", "Stored", name)).Trim();
}

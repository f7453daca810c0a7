using System.Collections;
using System.Reflection;
using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Chatrooms.Tree;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Tests.Chatrooms;

/// <summary>
/// The chatroom's stored state and the read-only view reads use are one shape: every stored member (<c>[Id]</c>)
/// reaches the view and comes back from it, and neither shares anything a change could reach with the other.
/// A member added to <see cref="ChatroomState"/> is checked here without this file naming it.
/// </summary>
public sealed class ChatroomViewMappingTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Its <c>[Id]</c> properties and the lists <see cref="Grains.Chatrooms.Storage.ChatroomStatePacking"/> stores.</summary>
    private static readonly PropertyInfo[] StoredMembers =
    [
        .. typeof(ChatroomState).GetProperties().Where(p => p.GetCustomAttribute<IdAttribute>() is not null),
        typeof(ChatroomState).GetProperty(nameof(ChatroomState.Recent))!,
        typeof(ChatroomState).GetProperty(nameof(ChatroomState.Receipts))!,
    ];

    [Fact]
    public void Every_stored_member_goes_from_state_to_view_and_back_unchanged()
    {
        var state = EveryMemberSet();

        var back = ChatroomView.Of("room", state).ToState();

        Assert.All(StoredMembers, member => AssertSameValue(member.Name, member.GetValue(state), member.GetValue(back)));
    }

    [Fact]
    public void A_view_does_not_change_when_the_state_it_was_made_of_changes()
    {
        var state = EveryMemberSet();
        var view = ChatroomView.Of("room", state);

        ChangeEveryMember(state);

        var expected = EveryMemberSet();
        Assert.All(StoredMembers, member => AssertSameValue(member.Name, member.GetValue(expected), member.GetValue(view.ToState())));
    }

    [Fact]
    public void A_state_taken_from_a_view_can_change_without_changing_the_view()
    {
        var view = ChatroomView.Of("room", EveryMemberSet());

        ChangeEveryMember(view.ToState());

        var expected = EveryMemberSet();
        Assert.All(StoredMembers, member => AssertSameValue(member.Name, member.GetValue(expected), member.GetValue(view.ToState())));
    }

    [Fact]
    public void The_view_reads_each_stored_member_it_names_as_stored()
    {
        var state = EveryMemberSet();
        var view = ChatroomView.Of("room", state);

        var named = StoredMembers.Where(m => typeof(ChatroomView).GetProperty(m.Name) is not null).ToList();

        Assert.NotEmpty(named);
        Assert.All(named, member => AssertSameValue(member.Name, member.GetValue(state), typeof(ChatroomView).GetProperty(member.Name)!.GetValue(view)));
        Assert.Equal(state.MessageCount, view.MessageCount);
    }

    [Fact]
    public void A_chatroom_stored_before_settings_receipts_search_and_attachments_reads_defaults_and_keeps_its_nulls()
    {
        var older = new ChatroomState { OwnerId = "owner", Title = "old" };

        var view = ChatroomView.Of("room", older);
        var back = view.ToState();

        Assert.Equal((ChatroomSettings.Default, 0), (view.Settings, view.SearchIndexedCount));
        Assert.True(view.Receipts.IsEmpty && view.Attachments.IsEmpty);
        Assert.Equal<object?>([null, null, null, null], [back.Settings, back.Receipts, back.SearchIndexedCount, back.Attachments]);
    }

    /// <summary>A state whose every stored member holds a value no new chatroom has.</summary>
    private static ChatroomState EveryMemberSet()
    {
        var state = new ChatroomState();
        var fresh = new ChatroomState();
        foreach (var member in StoredMembers)
        {
            member.SetValue(state, SampleOf(member));
            Assert.False(SameValue(member.GetValue(fresh), member.GetValue(state)), $"The sample of ChatroomState.{member.Name} is its default.");
        }

        return state;
    }

    private static object SampleOf(PropertyInfo member) => (Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType) switch
    {
        var t when t == typeof(string) => $"{member.Name} set",
        var t when t == typeof(DateTimeOffset) => At.AddMinutes(member.Name.Length),
        var t when t == typeof(int) => 7,
        var t when t == typeof(bool) => true,
        var t when t == typeof(ChatroomSettings) => new ChatroomSettings("gemini-test", "Be brief.", "high", IncludeThoughts: true),
        var t when t == typeof(List<StoredMessage>) => new List<StoredMessage> { new(MessageRole.User, "hi", At), new(MessageRole.AI, "hello", At) },
        var t when t == typeof(List<TurnReceipt>) => new List<TurnReceipt> { new("key", "fingerprint", 2, At.AddDays(1), FromClient: true) },
        var t when t == typeof(List<Attachment>) => new List<Attachment> { new("a1", "cat.png", "image/png", 100, "aa", At) },
        var t when t == typeof(List<MessageFork>) => new List<MessageFork> { new(4, 1) },
        var t when t == typeof(List<MessageRange>) => new List<MessageRange> { new(2, 4) },
        var t when t == typeof(GemSettings) => new GemSettings("g1", "Editor", "Tighten my prose.", "gemini-test", ChatTools.UrlContext, At),
        var t => throw new InvalidOperationException(
            $"ChatroomState.{member.Name} is a {t.Name}: give it a sample here, and if it can be changed in place, copy it in ChatroomState.Copy."),
    };

    /// <summary>Every stored member changed: lists changed in place (what a shared list would show), others replaced.</summary>
    private static void ChangeEveryMember(ChatroomState state)
    {
        foreach (var member in StoredMembers)
        {
            if (member.GetValue(state) is IList list)
            {
                list.Clear();
            }
            else
            {
                member.SetValue(state, member.PropertyType == typeof(string) ? "changed" : null);
            }
        }
    }

    private static void AssertSameValue(string member, object? expected, object? actual) =>
        Assert.True(SameValue(expected, actual), $"ChatroomState.{member}: expected {Show(expected)}, got {Show(actual)}.");

    private static bool SameValue(object? a, object? b) => (a, b) switch
    {
        (IEnumerable x, IEnumerable y) when a is not string => x.Cast<object>().SequenceEqual(y.Cast<object>()),
        _ => Equals(a, b),
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        IEnumerable items when value is not string => $"[{string.Join(", ", items.Cast<object>())}]",
        _ => value.ToString() ?? "",
    };
}

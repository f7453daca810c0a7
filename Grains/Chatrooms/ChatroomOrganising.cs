using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>How a change pins, archives or files a chatroom (<see cref="ChatroomChange.Pinned"/> and its neighbours).</summary>
internal static class ChatroomOrganising
{
    /// <summary>
    /// The change only pins, archives or files the chatroom: that is tidying, not activity, so it leaves the chatroom's
    /// place in time (its order in the list, its retention) alone. Any other member set, now or added later, is activity.
    /// </summary>
    public static bool OnlyOrganises(this ChatroomChange change) =>
        change with { Pinned = null, Archived = null, FolderId = null } == new ChatroomChange();

    /// <summary>Applies what the change sets; an empty folder id takes the chatroom out of its folder.</summary>
    public static void Organise(this ChatroomState state, ChatroomChange change)
    {
        state.Pinned = change.Pinned ?? state.Pinned;
        state.Archived = change.Archived ?? state.Archived;
        state.FolderId = change.FolderId switch
        {
            null => state.FolderId,
            "" => null,
            var folder => folder,
        };
    }
}

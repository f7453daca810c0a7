namespace GeminiClone.Grains.Persistence;

/// <summary>The named grain storage providers; every host must register all of them.</summary>
public static class StorageNames
{
    public const string Users = "users";
    public const string Chatrooms = "chatrooms";
    public const string Billing = "billing";
    public const string Sms = "sms";
    public const string Folders = "folders";

    /// <summary>A user's preferences about the assistant: their instructions, defaults and Gems.</summary>
    public const string Preferences = "preferences";

    /// <summary>The operators' daily counts of answers' ratings.</summary>
    public const string Feedback = "feedback";

    /// <summary>Share links: their snapshots (as large as the conversations they copy) and each user's list of them.</summary>
    public const string Shares = "shares";

    /// <summary>Usage per user and per day of the service (<c>Grains/Usage</c>).</summary>
    public const string Usage = "usage";

    public static IReadOnlyList<string> All { get; } = [Users, Chatrooms, Billing, Sms, Preferences, Folders, Feedback, Shares, Usage];

    /// <summary>The chatroom grain's state name: its rows in <c>grain_state</c> carry it as <c>grain_type</c>.</summary>
    public const string ChatroomState = "chatroom";

    /// <summary>The user grain's state name: its rows in <c>grain_state</c> carry it as <c>grain_type</c>.</summary>
    public const string UserState = "user";
}

namespace GeminiClone.Grains.Persistence;

/// <summary>The named grain storage providers; every host must register all of them.</summary>
public static class StorageNames
{
    public const string Users = "users";
    public const string Chatrooms = "chatrooms";
    public const string Billing = "billing";
    public const string Sms = "sms";

    /// <summary>Share links: their snapshots (as large as the conversations they copy) and each user's list of them.</summary>
    public const string Shares = "shares";

    public static IReadOnlyList<string> All { get; } = [Users, Chatrooms, Billing, Sms, Shares];

    /// <summary>The chatroom grain's state name: its rows in <c>grain_state</c> carry it as <c>grain_type</c>.</summary>
    public const string ChatroomState = "chatroom";
}

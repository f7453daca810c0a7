namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// The system instruction a turn sends Gemini: the user's own instructions (<c>PUT /user/preferences</c>), a blank
/// line, then the chatroom's text, which is its own <c>systemInstruction</c>, else its Gem's instructions, else the
/// service's (<c>Chat:SystemInstruction</c>). Either part alone when the other is empty. The user's come first
/// because they are about the person (who they are, how they like answers) and hold in every chatroom; the
/// chatroom's text, about the task at hand, follows, so it reads as the more specific of the two.
/// </summary>
internal static class SystemInstructions
{
    /// <summary>Between the user's instructions and the chatroom's: a blank line.</summary>
    public const string Separator = "\n\n";

    public static string Compose(string? user, string chatroom) =>
        string.IsNullOrWhiteSpace(user) ? chatroom
        : string.IsNullOrWhiteSpace(chatroom) ? user
        : user + Separator + chatroom;
}

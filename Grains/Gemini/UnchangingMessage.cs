using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Gemini;

/// <summary>
/// Set as a <see cref="ChatMessage.RawRepresentation"/>, says that the message's maker will never change it (its
/// role, contents, their text and properties): a chat client may then keep on the message what it derives from it for
/// the wire, and send that again in later requests. The turns' history is such: a chatroom sends its window with every
/// turn, and a stored message is replaced, never edited (<c>HistoryMessages</c>). A client replaces the mark with its
/// own kept form, which derives from this type, so the promise stays readable.
/// </summary>
public class UnchangingMessage
{
    private static readonly UnchangingMessage Mark = new();

    protected UnchangingMessage()
    {
    }

    /// <summary>Marks <paramref name="message"/>, unless it already carries a representation of its own.</summary>
    public static ChatMessage Marked(ChatMessage message)
    {
        message.RawRepresentation ??= Mark;
        return message;
    }
}

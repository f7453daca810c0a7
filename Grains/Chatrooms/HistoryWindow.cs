using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>The part of a conversation that goes to Gemini with a new message: the newest turns within a budget.</summary>
internal static class HistoryWindow
{
    public static List<ChatMessage> Select(IReadOnlyList<StoredMessage> recent, int maxMessages, int maxCharacters)
    {
        var start = recent.Count;
        var characters = 0;
        while (start > 0 && recent.Count - start < maxMessages && characters + recent[start - 1].Text.Length <= maxCharacters)
        {
            start--;
            characters += recent[start].Text.Length;
        }

        // Never open with a model turn: Gemini expects a conversation to start with the user.
        if (start < recent.Count && recent[start].Role == MessageRole.AI)
        {
            start++;
        }

        var messages = new List<ChatMessage>(recent.Count - start + 1);
        for (var i = start; i < recent.Count; i++)
        {
            messages.Add(new ChatMessage(recent[i].Role == MessageRole.AI ? ChatRole.Assistant : ChatRole.User, recent[i].Text));
        }

        return messages;
    }
}

using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// One chatroom's stored messages as Gemini's client takes them, made once per activation instead of on every turn:
/// each turn sends the history window again, and making every message of it anew (a message, its contents, their
/// list) was about 8 KB of a plain turn's allocations. Stored messages never change (a record is replaced, not
/// edited), so one made from a message is right for as long as that message is in the window. A message whose
/// contents a turn fills in (a question's attachments, an answer's images: <see cref="AttachmentParts"/> puts their
/// bytes or files in) is made anew every turn. What left the window is let go at the next turn.
/// </summary>
internal sealed class HistoryMessages
{
    private Dictionary<StoredMessage, ChatMessage> _made = new(ReferenceEqualityComparer.Instance);
    private Dictionary<StoredMessage, ChatMessage> _kept = new(ReferenceEqualityComparer.Instance);

    /// <summary><paramref name="recent"/> from <paramref name="start"/> on, in a new list the caller may add to.</summary>
    public List<ChatMessage> Window(IReadOnlyList<StoredMessage> recent, int start)
    {
        var messages = new List<ChatMessage>(recent.Count - start + 1);
        for (var i = start; i < recent.Count; i++)
        {
            var stored = recent[i];
            if (stored.Attachments is { Length: > 0 } || stored.Images is { Length: > 0 })
            {
                messages.Add(ReplyAssembler.ToChatMessage(stored));
                continue;
            }

            if (!_made.TryGetValue(stored, out var message))
            {
                // Kept and sent again with every turn, and never changed: Gemini's client may keep its wire form on it.
                message = UnchangingMessage.Marked(ReplyAssembler.ToChatMessage(stored));
            }

            _kept[stored] = message;
            messages.Add(message);
        }

        // Keeps only this window's messages, reusing both dictionaries' storage.
        (_made, _kept) = (_kept, _made);
        _kept.Clear();
        return messages;
    }
}

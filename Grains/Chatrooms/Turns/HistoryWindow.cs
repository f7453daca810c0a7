using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>The part of a conversation that goes to Gemini with a new message: the newest turns within a token budget.</summary>
internal static class HistoryWindow
{
    /// <summary>Google's rule of thumb (about four characters a token), used until Gemini has counted some of ours.</summary>
    private const double DefaultTokensPerCharacter = 0.25;

    public static List<ChatMessage> Select(IReadOnlyList<StoredMessage> recent, int maxMessages, int maxTokens) =>
        Messages(recent, Start(recent, maxMessages, maxTokens));

    /// <summary>Where in <paramref name="recent"/> the part sent to Gemini starts.</summary>
    public static int Start(IReadOnlyList<StoredMessage> recent, int maxMessages, int maxTokens)
    {
        var tokensPerCharacter = TokensPerCharacter(recent);
        var start = recent.Count;
        var tokens = 0L;
        while (start > 0 && recent.Count - start < maxMessages
               && tokens + EstimateTokens(recent[start - 1], tokensPerCharacter) is var total && total <= maxTokens)
        {
            start--;
            tokens = total;
        }

        // Never open with a model turn: Gemini expects a conversation to start with the user.
        if (start < recent.Count && recent[start].Role == MessageRole.AI)
        {
            start++;
        }

        return start;
    }

    public static List<ChatMessage> Messages(IReadOnlyList<StoredMessage> recent, int start)
    {
        var messages = new List<ChatMessage>(recent.Count - start + 1);
        for (var i = start; i < recent.Count; i++)
        {
            messages.Add(ReplyAssembler.ToChatMessage(recent[i]));
        }

        return messages;
    }

    /// <summary>
    /// What a message costs when sent again: Gemini's own count for an answer, else its characters at the rate
    /// Gemini counted for this conversation's recent answers (the same language, mostly), else the rule of thumb.
    /// </summary>
    internal static long EstimateTokens(StoredMessage message, double tokensPerCharacter)
    {
        // Runs for every message of the window on every turn: a loop, not a LINQ pipeline.
        var resentThoughts = 0;
        foreach (var part in message.Parts ?? [])
        {
            if (part.Thought && part.ThoughtSignature is not null)
            {
                resentThoughts += part.Length;
            }
        }

        var text = message.Usage?.OutputTokens ?? (long)Math.Ceiling(message.Text.Length * tokensPerCharacter);
        return text + (long)Math.Ceiling(resentThoughts * tokensPerCharacter);
    }

    internal static double TokensPerCharacter(IReadOnlyList<StoredMessage> recent)
    {
        long tokens = 0, characters = 0;
        for (int i = recent.Count - 1, counted = 0; i >= 0 && counted < 10; i--)
        {
            if (recent[i] is { Usage.OutputTokens: { } output, Text.Length: > 0 } answer)
            {
                tokens += output;
                characters += answer.Text.Length;
                counted++;
            }
        }

        return tokens > 0 ? (double)tokens / characters : DefaultTokensPerCharacter;
    }
}

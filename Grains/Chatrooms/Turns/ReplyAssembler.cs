using System.Text;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// Collects Gemini's answer, whole or streamed, into what a stored AI message keeps: the text, the thought
/// summaries, and the parts with their thought signatures. Streamed fragments of one part are joined; a fragment
/// that carries a signature starts a part of its own, so every signature goes back on the part it arrived with.
/// </summary>
internal sealed class ReplyAssembler
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _thoughts = new();
    private readonly List<ReplyPart> _parts = [];
    private bool _signed;

    public string Text => _text.ToString();

    /// <summary>The model version Gemini reported so far (a stopped answer keeps it).</summary>
    public string? Version { get; set; }

    /// <summary>The tokens Gemini reported so far (a stopped answer keeps them).</summary>
    public UsageDetails? Usage { get; set; }

    public string? Thoughts => _thoughts.Length > 0 ? _thoughts.ToString() : null;

    /// <summary>Null for the common plain answer: one unsigned text part, which the text alone describes.</summary>
    public ReplyPart[]? Parts => _signed || _parts.Any(p => p.Thought) ? [.. _parts] : null;

    public void Add(AIContent content)
    {
        switch (content)
        {
            case TextReasoningContent thought:
                Append(thought: true, thought.Text, thought.ProtectedData);
                break;
            case TextContent text:
                Append(thought: false, text.Text,
                    text.AdditionalProperties?.TryGetValue(GeminiChatProperties.ThoughtSignature, out string? signature) == true ? signature : null);
                break;
        }
    }

    private void Append(bool thought, string? text, string? signature)
    {
        text ??= "";
        if (text.Length == 0 && signature is null)
        {
            return;
        }

        (thought ? _thoughts : _text).Append(text);
        _signed |= signature is not null;
        if (signature is null && _parts is [.., { ThoughtSignature: null } last] && last.Thought == thought)
        {
            _parts[^1] = last with { Length = last.Length + text.Length };
        }
        else
        {
            _parts.Add(new ReplyPart(thought, text.Length, signature));
        }
    }

    /// <summary>A stored AI message as the contents Gemini sent, signatures in place, for the next turn's history.</summary>
    public static ChatMessage ToChatMessage(StoredMessage message)
    {
        if (message.Role == MessageRole.User)
        {
            return new ChatMessage(ChatRole.User, message.Text);
        }

        if (message.Parts is not { } parts)
        {
            return new ChatMessage(ChatRole.Assistant, message.Text);
        }

        var contents = new List<AIContent>(parts.Length);
        int textAt = 0, thoughtsAt = 0;
        foreach (var part in parts)
        {
            if (part.Thought)
            {
                var thought = Slice(message.Thoughts, ref thoughtsAt, part.Length);
                // Summaries were for the reader; only a signed one carries context Gemini asked to get back.
                if (part.ThoughtSignature is not null)
                {
                    contents.Add(new TextReasoningContent(thought) { ProtectedData = part.ThoughtSignature });
                }

                continue;
            }

            var text = new TextContent(Slice(message.Text, ref textAt, part.Length));
            if (part.ThoughtSignature is { } signature)
            {
                text.AdditionalProperties = new() { [GeminiChatProperties.ThoughtSignature] = signature };
            }

            contents.Add(text);
        }

        return new ChatMessage(ChatRole.Assistant, contents);
    }

    private static string Slice(string? source, ref int at, int length)
    {
        source ??= "";
        var start = Math.Min(at, source.Length);
        var slice = source.Substring(start, Math.Min(length, source.Length - start));
        at += length;
        return slice;
    }
}

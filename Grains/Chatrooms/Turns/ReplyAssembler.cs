using System.Text;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// Collects Gemini's answer, whole or streamed, into what a stored AI message keeps: the text, the thought
/// summaries, the parts with their thought signatures, the steps of an answer that ran code, and where a grounded
/// answer comes from. Streamed fragments of one part are joined; a fragment that carries a signature starts a part
/// of its own, so every signature goes back on the part it arrived with.
/// </summary>
internal sealed class ReplyAssembler
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _thoughts = new();
    private readonly List<ReplyPart> _parts = [];
    /// <summary>Code, results and text steps in order; a text step's text is cut from the text when asked for.</summary>
    private readonly List<AnswerStep> _steps = [];
    private readonly List<int> _textStepStarts = [];
    private readonly List<int> _partStarts = [];
    private bool _signed;
    private bool _ranCode;
    private readonly List<GeneratedImage> _images = [];
    private GeminiGroundingContent? _grounding;

    public string Text => _text.ToString();

    /// <summary>The model version Gemini reported so far (a stopped answer keeps it).</summary>
    public string? Version { get; set; }

    /// <summary>The tokens Gemini reported so far (a stopped answer keeps them).</summary>
    public UsageDetails? Usage { get; set; }

    public string? Thoughts => _thoughts.Length > 0 ? _thoughts.ToString() : null;

    /// <summary>Null for the common plain answer: one unsigned text part, which the text alone describes.</summary>
    public ReplyPart[]? Parts => _signed || _ranCode || _images.Count > 0 || _parts.Any(p => p.Thought) ? [.. _parts] : null;

    /// <summary>The images the model made (never its draft images), in order; a part's <c>Image</c> indexes this list.</summary>
    internal IReadOnlyList<GeneratedImage> Images => _images;

    /// <summary>The answer's steps when it ran code; null otherwise.</summary>
    public AnswerStep[]? Steps => _ranCode ? [.. WithTexts()] : null;

    /// <summary>The pages URL context fetched; null when none.</summary>
    public UrlRetrieval[]? Urls { get; private set; }

    /// <summary>
    /// The answer's Google Search grounding, its citations on the text so far (the whole text once the metadata
    /// has come: Gemini sends it with the answer's last chunk).
    /// </summary>
    public MessageGrounding? Grounding(bool streamed) =>
        _grounding is null ? null : GroundingCitations.From(_grounding, Text, streamed ? null : _partStarts);

    private static string? SignatureOf(AIContent content) =>
        content.AdditionalProperties?.TryGetValue(GeminiChatProperties.ThoughtSignature, out string? signature) == true ? signature : null;

    public void Add(AIContent content)
    {
        switch (content)
        {
            case TextReasoningContent thought:
                _partStarts.Add(_text.Length);
                Append(thought: true, thought.Text, thought.ProtectedData);
                break;
            case TextContent text:
                _partStarts.Add(_text.Length);
                Append(thought: false, text.Text, SignatureOf(text));
                break;
            case CodeInterpreterToolCallContent or CodeInterpreterToolResultContent:
                _partStarts.Add(_text.Length);
                AddStep(CodeSteps.Of(content));
                break;
            case DataContent image when image.HasTopLevelMediaType("image"):
                _partStarts.Add(_text.Length);
                _parts.Add(new ReplyPart(false, 0, SignatureOf(image)) { Image = _images.Count });
                _images.Add(new GeneratedImage(image.Data, image.MediaType, SignatureOf(image)));
                break;
            case GeminiGroundingContent grounding:
                _grounding = grounding;
                break;
            case GeminiUrlContextContent { Urls.Count: > 0 } urls:
                Urls = [.. urls.Urls.Select(u => new UrlRetrieval(u.Url, u.Status))];
                break;
        }
    }

    private IEnumerable<AnswerStep> WithTexts()
    {
        var text = Text;
        var texts = 0;
        for (var i = 0; i < _steps.Count; i++)
        {
            if (_steps[i].Kind != AnswerStepKind.Text)
            {
                yield return _steps[i];
                continue;
            }

            // A text step runs to where the next one starts (the steps between hold no text).
            var start = _textStepStarts[texts++];
            var end = texts < _textStepStarts.Count ? _textStepStarts[texts] : text.Length;
            yield return _steps[i] with { Text = text[start..end] };
        }
    }

    private void AddStep(AnswerStep step)
    {
        _ranCode = true;
        _parts.Add(new ReplyPart(false, 0, step.ThoughtSignature) { Step = _steps.Count });
        _steps.Add(step);
    }

    private void Append(bool thought, string? text, string? signature)
    {
        text ??= "";
        if (text.Length == 0 && signature is null)
        {
            return;
        }

        (thought ? _thoughts : _text).Append(text);
        if (!thought && text.Length > 0 && _steps is not [.., { Kind: AnswerStepKind.Text }])
        {
            // Text between code steps is a step too, so a reader sees the model's order; where it starts is enough
            // until the steps are asked for.
            _steps.Add(new AnswerStep(AnswerStepKind.Text));
            _textStepStarts.Add(_text.Length - text.Length);
        }

        _signed |= signature is not null;
        if (signature is null && _parts is [.., { ThoughtSignature: null, Step: null, Image: null } last] && last.Thought == thought)
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

            if (part.Image is { } image)
            {
                // Its bytes are read from the store on the way to Gemini (AttachmentParts).
                if (message.Images is { } images && image < images.Length)
                {
                    contents.Add(new StoredImageContent(images[image], part.ThoughtSignature));
                }

                continue;
            }

            if (part.Step is { } step && message.Steps is { } steps && step < steps.Length)
            {
                contents.Add(CodeSteps.ToContent(steps[step], step));
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

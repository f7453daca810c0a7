using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// Gemini's grounding in the answer's own terms. Gemini counts a cited span in UTF-8 bytes from the start of a part;
/// clients index the answer's text in UTF-16 code units (JavaScript's <c>slice</c>), so every citation is moved to
/// those, and kept only if <c>text[start..end]</c> is the span Gemini quoted.
/// </summary>
internal static class GroundingCitations
{
    /// <param name="text">The answer's visible text.</param>
    /// <param name="partStarts">Where each of Gemini's parts starts in <paramref name="text"/>, when the answer came whole;
    /// null for a streamed answer, whose offsets count from the start of the text.</param>
    public static MessageGrounding? From(GeminiGroundingContent grounding, string text, IReadOnlyList<int>? partStarts)
    {
        var sources = grounding.Sources.Select((source, index) => new GroundingSource(index, source.Uri, source.Title)).ToArray();
        var citations = grounding.Supports
            .Select(support => Resolve(support, text, partStarts, sources.Length))
            .OfType<Citation>()
            .ToArray();
        return grounding.Queries.Count == 0 && sources.Length == 0 && citations.Length == 0 && grounding.SearchEntryPoint is null
            ? null
            : new MessageGrounding([.. grounding.Queries], sources, citations, grounding.SearchEntryPoint);
    }

    private static Citation? Resolve(GeminiGroundingSupport support, string text, IReadOnlyList<int>? partStarts, int sourceCount)
    {
        var cited = support.SourceIndices.Where(i => i >= 0 && i < sourceCount).Distinct().ToArray();
        var partStart = support.PartIndex is { } part && partStarts is not null && part >= 0 && part < partStarts.Count ? partStarts[part] : 0;
        if (IndexAfterBytes(text, partStart, support.StartByte ?? 0) is { } start
            && IndexAfterBytes(text, start, support.EndByte - (support.StartByte ?? 0)) is { } end
            && end > start
            && (support.Text is null || text.AsSpan(start, end - start).SequenceEqual(support.Text)))
        {
            return new Citation(start, end, text[start..end], cited);
        }

        // Offsets that miss the quoted span (a streamed answer's parts, or bytes that split a character): the quote
        // itself says where it is.
        return support.Text is { Length: > 0 } quote && text.IndexOf(quote, StringComparison.Ordinal) is var at and >= 0
            ? new Citation(at, at + quote.Length, quote, cited)
            : null;
    }

    /// <summary>
    /// The UTF-16 index <paramref name="byteCount"/> UTF-8 bytes after <paramref name="from"/>; null when that is past
    /// the text or inside a character.
    /// </summary>
    internal static int? IndexAfterBytes(string text, int from, int byteCount)
    {
        if (byteCount < 0 || from > text.Length)
        {
            return null;
        }

        var (bytes, index) = (0, from);
        while (bytes < byteCount && index < text.Length)
        {
            if (char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                (bytes, index) = (bytes + 4, index + 2);
            }
            else
            {
                (bytes, index) = (bytes + (text[index] < 0x80 ? 1 : text[index] < 0x800 ? 2 : 3), index + 1);
            }
        }

        return bytes == byteCount ? index : null;
    }
}

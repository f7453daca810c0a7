using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Search;

/// <summary>
/// A short stretch of a matching text around its first match, cut at word boundaries, with the matching words
/// marked by offsets rather than markup, so a client renders it safely however it likes.
/// </summary>
public static class SearchSnippet
{
    /// <summary>Roughly two lines of a chat client's result list.</summary>
    public const int MaxLength = 200;

    /// <summary>How much of the text before the first match the snippet shows.</summary>
    private const int LeadIn = 60;

    private const string Ellipsis = "…";

    public static (string Snippet, IReadOnlyList<TextRange> Highlights) Build(string text, SearchQuery query)
    {
        var tokens = SearchText.Tokenize(text);
        var matched = MatchedTokens(tokens, query);
        if (text.Length <= MaxLength)
        {
            return (Flatten(text), [.. matched.Select(i => new TextRange(tokens[i].Start, tokens[i].Length))]);
        }

        var anchor = matched.Count > 0 ? tokens[matched[0]].Start : 0;
        var start = anchor <= LeadIn ? 0 : tokens.First(t => t.Start >= anchor - LeadIn).Start;
        var end = Math.Min(text.Length, start + MaxLength);
        if (end < text.Length)
        {
            // Ends after the last whole word that fits (or mid-word if one word is longer than the snippet).
            var lastWhole = tokens.LastOrDefault(t => t.Start >= start && t.Start + t.Length <= end);
            end = lastWhole.Lexeme is null ? end : lastWhole.Start + lastWhole.Length;
        }

        var prefix = start > 0 ? Ellipsis : "";
        var snippet = prefix + Flatten(text[start..end]) + (end < text.Length ? Ellipsis : "");
        IReadOnlyList<TextRange> highlights =
        [
            .. matched.Select(i => tokens[i]).Where(t => t.Start >= start && t.Start + t.Length <= end)
                .Select(t => new TextRange(t.Start - start + prefix.Length, t.Length)),
        ];
        return (snippet, highlights);
    }

    /// <summary>Indexes of the tokens that belong to a match of any term, in text order.</summary>
    private static List<int> MatchedTokens(List<SearchToken> tokens, SearchQuery query)
    {
        var matched = new SortedSet<int>();
        foreach (var term in query.Terms)
        {
            for (var start = 0; start + term.Words.Count <= tokens.Count; start++)
            {
                var all = true;
                for (var word = 0; all && word < term.Words.Count; word++)
                {
                    all = term.Matches(word, tokens[start + word].Lexeme);
                }

                if (all)
                {
                    matched.UnionWith(Enumerable.Range(start, term.Words.Count));
                }
            }
        }

        return [.. matched];
    }

    /// <summary>One line: each line break or tab character becomes a space, so offsets stay those of the text.</summary>
    private static string Flatten(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = source[i] is '\r' or '\n' or '\t' ? ' ' : source[i];
        }
    });
}

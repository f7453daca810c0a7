using GeminiClone.Grains.Interfaces.Search;

namespace GeminiClone.Grains.Search;

/// <summary>
/// What a user asked for, as search terms that must all match. A term is one or more words that must stand side by
/// side in that order: a quoted phrase (<c>"thank you"</c>), a word that <see cref="SearchText"/> cuts into several
/// (<c>e-mail</c>, <c>東京</c>), or just one word. The last word of a query that does not end in a space or a quote
/// also matches as a prefix, so results follow the user while they type.
/// </summary>
public sealed class SearchQuery
{
    /// <summary>Bounds the work one query can ask of the index.</summary>
    public const int MaxTerms = 16;

    public const int MaxLength = SearchLimits.MaxQueryLength;

    /// <summary>Prefixes shorter than this match too much of a user's history to be worth the work.</summary>
    private const int MinPrefixLength = 2;

    private SearchQuery(IReadOnlyList<SearchTerm> terms) => Terms = terms;

    public IReadOnlyList<SearchTerm> Terms { get; }

    public bool IsEmpty => Terms.Count == 0;

    public static SearchQuery Parse(string text)
    {
        var terms = new List<SearchTerm>();
        var quoted = false;
        var segmentStart = 0;
        for (var index = 0; index <= text.Length && terms.Count < MaxTerms; index++)
        {
            var atEnd = index == text.Length;
            var c = atEnd ? '\0' : text[index];
            var endsQuote = c is '"' or '“' or '”';
            var endsWord = !quoted && (char.IsWhiteSpace(c) || c == '\0');
            if (!atEnd && !endsQuote && !endsWord)
            {
                continue;
            }

            var segment = text[segmentStart..index];
            var tokens = SearchText.Tokenize(segment);
            if (tokens.Count > 0)
            {
                // Only a word the user is still typing is a prefix: the last one, unquoted, with nothing after it.
                var prefix = atEnd && !quoted && tokens[^1].Lexeme.Length >= MinPrefixLength;
                var term = new SearchTerm([.. tokens.Select(t => t.Lexeme)], prefix);
                if (!terms.Contains(term))
                {
                    terms.Add(term);
                }
            }

            quoted = endsQuote ? !quoted : quoted;
            segmentStart = index + 1;
        }

        return new SearchQuery(terms);
    }
}

/// <summary>Words that must follow each other; the last one may match as a prefix.</summary>
public sealed record SearchTerm(IReadOnlyList<string> Words, bool LastIsPrefix)
{
    public bool Equals(SearchTerm? other) =>
        other is not null && LastIsPrefix == other.LastIsPrefix && Words.SequenceEqual(other.Words, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(LastIsPrefix, Words.Count, Words[0]);

    /// <summary>Whether <paramref name="lexeme"/> matches word <paramref name="index"/> of the term.</summary>
    public bool Matches(int index, string lexeme) =>
        index == Words.Count - 1 && LastIsPrefix
            ? lexeme.StartsWith(Words[index], StringComparison.Ordinal)
            : string.Equals(lexeme, Words[index], StringComparison.Ordinal);
}

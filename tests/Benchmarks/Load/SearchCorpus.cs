namespace GeminiClone.Benchmarks.Load;

/// <summary>
/// Made-up but language-like text for the search benchmark: a vocabulary of 5,000 pronounceable words drawn with
/// Zipf's law (the most common word is about one word in nine, as "the" is in English), so queries span the
/// selectivities real ones have, from a word in nearly every message to one in a handful. Seeded: every run
/// writes the same text.
/// </summary>
public sealed class SearchCorpus
{
    private const int VocabularySize = 5_000;
    private const int WordsPerMessage = 12;

    private static readonly string[] Syllables =
        ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "pe", "da", "go", "ri", "ta", "me", "lu", "sa", "ko", "ne", "bi", "zu"];

    private readonly Random _random = new(20261124);
    private readonly double[] _cumulative;

    public SearchCorpus()
    {
        Words = [.. Enumerable.Range(0, VocabularySize).Select(Word)];
        var weights = Enumerable.Range(1, VocabularySize).Select(rank => 1.0 / rank).ToArray();
        var total = weights.Sum();
        _cumulative = new double[VocabularySize];
        var running = 0.0;
        for (var i = 0; i < VocabularySize; i++)
        {
            running += weights[i] / total;
            _cumulative[i] = running;
        }
    }

    /// <summary>Most common first.</summary>
    public IReadOnlyList<string> Words { get; }

    public string NextMessage() => string.Join(' ', Enumerable.Range(0, WordsPerMessage).Select(_ => NextWord()));

    private string NextWord()
    {
        var found = Array.BinarySearch(_cumulative, _random.NextDouble());
        return Words[Math.Min(VocabularySize - 1, found >= 0 ? found : ~found)];
    }

    /// <summary>The queries measured, by how much of the history they match.</summary>
    public IReadOnlyList<(string Name, string Query)> Queries =>
    [
        ("common word (~3 messages in 4)", Words[0]),
        ("mid word (~1 in 50)", Words[60]),
        ("rare word (~1 in 3,000)", Words[4000]),
        ("two words", $"{Words[60]} {Words[1]} "),
        ("phrase", $"\"{Words[0]} {Words[1]}\""),
        ("prefix, typing", Words[60][..3]),
    ];

    /// <summary>Word n in base 20 of syllables, at least two of them: ka+lo, ka+mi, ... then three syllables.</summary>
    private static string Word(int n)
    {
        var parts = new List<string>();
        var value = n + Syllables.Length;
        while (value > 0)
        {
            parts.Add(Syllables[value % Syllables.Length]);
            value /= Syllables.Length;
        }

        return string.Concat(parts);
    }
}

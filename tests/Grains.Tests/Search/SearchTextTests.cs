using GeminiClone.Grains.Search;

namespace GeminiClone.Grains.Tests.Search;

/// <summary>
/// A word's normal form, character by character (the indexes' shared contract, <c>SearchIndexContract</c>, holds
/// whole texts and queries to it), and what normalizing costs: it runs for every word of every message stored.
/// </summary>
public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Café", "cafe")]
    [InlineData("STRAẞE", "strasse")]
    [InlineData("Grüße", "grusse")]
    [InlineData("ＡＢＣ", "abc")]
    [InlineData("ﬁne", "fine")]
    [InlineData("Ἀθῆναι", "αθηναι")]
    [InlineData("नमस्ते", "नमस्ते")]
    [InlineData("𐐀𐐁", "𐐨𐐩")]
    [InlineData("🚀", "🚀")]
    public void A_word_is_folded_to_its_lower_case_unaccented_compatibility_form(string word, string normal) =>
        Assert.Equal(normal, SearchText.Normalize(word));

    [Theory]
    [InlineData("Hello, World!", "hello@0+5 world@7+5")]
    [InlineData("a\r\nb c\rd", "a@0+1 b@3+1 c@5+1 d@7+1")]
    [InlineData("cafe\u0301 ok", "cafe@0+5 ok@6+2")]
    [InlineData("x^y`z+1", "x@0+1 ^@1+1 y@2+1 `@3+1 z@4+1 1@6+1")]
    [InlineData("A1-b2_C3", "a1@0+2 b2@3+2 c3@6+2")]
    [InlineData("naïve Ünïcode 東京 🚀ok", "naive@0+5 unicode@6+7 東@14+1 京@15+1 🚀@17+2 ok@19+2")]
    public void Text_is_cut_into_words_at_grapheme_boundaries_whether_ascii_or_not(string text, string tokens) =>
        Assert.Equal(tokens, string.Join(" ", SearchText.Tokenize(text).Select(t => $"{t.Lexeme}@{t.Start}+{t.Length}")));

    [Fact]
    public void An_ascii_word_is_its_lower_case_cut_to_a_lexeme()
    {
        Assert.Equal("lighthouse42", SearchText.Normalize("LightHouse42"));
        Assert.Same("already", SearchText.Normalize("already"));
        Assert.Equal(new string('q', SearchText.MaxLexemeLength), SearchText.Normalize(new string('Q', 300)));
    }

    [Fact]
    public void A_word_longer_than_a_lexeme_is_cut_at_a_character_boundary()
    {
        var word = string.Concat(Enumerable.Repeat("Ä", 200)) + "🚀";

        var normal = SearchText.Normalize(word);

        Assert.Equal(new string('a', SearchText.MaxLexemeLength), normal);
        Assert.Equal("x" + new string('s', SearchText.MaxLexemeLength - 1), SearchText.Normalize("X" + new string('ß', 300)));
    }

    [Fact]
    public void Normalizing_a_plain_word_allocates_only_its_result()
    {
        SearchText.Normalize("Warmup");
        var before = GC.GetAllocatedBytesForCurrentThread();

        var normal = SearchText.Normalize("Lighthouses");

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("lighthouses", normal);
        // The result is a 46-byte string; a character appended as a boxed rune cost about 50 bytes each (over 600 here).
        Assert.True(allocated <= 128, $"normalizing an 11-letter word allocated {allocated} bytes");
    }
}

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

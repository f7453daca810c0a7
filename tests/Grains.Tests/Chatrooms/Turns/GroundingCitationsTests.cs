using System.Text;
using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Gemini;

namespace GeminiClone.Grains.Tests.Chatrooms.Turns;

/// <summary>Gemini counts cited spans in UTF-8 bytes; clients slice the text in UTF-16 code units.</summary>
public sealed class GroundingCitationsTests
{
    private static GeminiGroundingSupport Support(string text, string span, int? partIndex = null, int partStartByte = 0)
    {
        var start = Encoding.UTF8.GetByteCount(text[..text.IndexOf(span, StringComparison.Ordinal)]) - partStartByte;
        return new GeminiGroundingSupport(partIndex, start == 0 ? null : start, start + Encoding.UTF8.GetByteCount(span), span, [0, 1]);
    }

    private static GeminiGroundingContent Grounding(params GeminiGroundingSupport[] supports) => new()
    {
        Queries = ["q"],
        Sources = [new("https://a.example", "a.example"), new("https://b.example", "b.example")],
        Supports = supports,
        SearchEntryPoint = "<div>chips</div>",
    };

    [Theory]
    [InlineData("नमस्ते दुनिया। यह एक परीक्षण है।", "यह एक परीक्षण है।")]
    [InlineData("🚀 Launch today. 🌍 Worldwide.", "🌍 Worldwide.")]
    [InlineData("Plain ASCII first. Then more.", "Plain ASCII first.")]
    [InlineData("Mixed é and 👩‍👩‍👧 family. Done.", "👩‍👩‍👧 family.")]
    public void A_citation_slices_exactly_its_span_in_any_script(string text, string span)
    {
        var grounding = GroundingCitations.From(Grounding(Support(text, span)), text, partStarts: null)!;

        var citation = Assert.Single(grounding.Citations);
        Assert.Equal(span, text[citation.Start..citation.End]);
        Assert.Equal(span, citation.Text);
        Assert.Equal([0, 1], citation.Sources);
        Assert.Equal("<div>chips</div>", grounding.SearchEntryPoint);
    }

    [Fact]
    public void Offsets_in_a_later_part_count_from_where_that_part_starts()
    {
        const string first = "I'll compute it. ";
        const string second = "ग्यारह is 11.";
        var text = first + second;
        var support = Support(text, "is 11.", partIndex: 3, partStartByte: Encoding.UTF8.GetByteCount(first));

        var grounding = GroundingCitations.From(Grounding(support), text, partStarts: [0, first.Length, first.Length, first.Length])!;

        var citation = Assert.Single(grounding.Citations);
        Assert.Equal("is 11.", text[citation.Start..citation.End]);
    }

    [Fact]
    public void Offsets_that_miss_the_quoted_span_fall_back_to_the_quote_and_a_span_found_nowhere_is_dropped()
    {
        const string text = "Alpha beta. Gamma delta.";
        var missed = new GeminiGroundingSupport(null, 3, 9, "Gamma delta.", [1]);
        var nowhere = new GeminiGroundingSupport(null, 0, 5, "Epsilon", [0]);
        var sourceOutOfRange = new GeminiGroundingSupport(null, null, 11, "Alpha beta.", [0, 7]);

        var grounding = GroundingCitations.From(Grounding(missed, nowhere, sourceOutOfRange), text, partStarts: null)!;

        Assert.Equal(2, grounding.Citations.Length);
        Assert.Equal("Gamma delta.", text[grounding.Citations[0].Start..grounding.Citations[0].End]);
        Assert.Equal("Alpha beta.", text[grounding.Citations[1].Start..grounding.Citations[1].End]);
        Assert.Equal([0], grounding.Citations[1].Sources);
    }

    [Fact]
    public void A_byte_offset_inside_a_character_is_not_an_index()
    {
        Assert.Null(GroundingCitations.IndexAfterBytes("é", 0, 1));
        Assert.Equal(1, GroundingCitations.IndexAfterBytes("é", 0, 2));
        Assert.Equal(2, GroundingCitations.IndexAfterBytes("🚀x", 0, 4));
        Assert.Null(GroundingCitations.IndexAfterBytes("ab", 0, 3));
    }

    [Fact]
    public void Metadata_with_nothing_in_it_is_no_grounding()
    {
        Assert.Null(GroundingCitations.From(new GeminiGroundingContent(), "text", null));
    }
}

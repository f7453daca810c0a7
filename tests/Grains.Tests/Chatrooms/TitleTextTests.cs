using GeminiClone.Grains.Chatrooms.Titles;

namespace GeminiClone.Grains.Tests.Chatrooms;

/// <summary>What a model answers for a title, made into one: unwrapped, one line, at most 60 characters cut sensibly.</summary>
public sealed class TitleTextTests
{
    [Theory]
    [InlineData("Goa trip plan", "Goa trip plan")]
    [InlineData("\"Goa trip plan.\"", "Goa trip plan")]
    [InlineData("**Title:** \"Goa trip plan\"\n\nI hope this helps!", "Goa trip plan")]
    [InlineData("  \n# Plan de voyage à Goa !\n", "Plan de voyage à Goa")]
    [InlineData("Titre : « Voyage à Goa »", "Voyage à Goa")]
    [InlineData("「ゴア旅行の計画」。", "ゴア旅行の計画")]
    [InlineData("Is Goa   safe\tin July?", "Is Goa safe in July")]
    [InlineData("'Goa'...", "Goa")]
    public void A_models_answer_is_unwrapped_to_its_title(string answer, string title) =>
        Assert.Equal(title, TitleText.Clean(answer));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n \"\" \n ...")]
    public void An_answer_with_no_title_in_it_is_none(string? answer) => Assert.Null(TitleText.Clean(answer));

    [Fact]
    public void A_long_title_is_cut_after_the_last_whole_word_that_fits_in_60_characters()
    {
        var title = TitleText.Clean("A very long title about planning a three week trip through the beaches of Goa and Kerala")!;

        Assert.Equal("A very long title about planning a three week trip through", title);
        Assert.True(title.Length <= TitleText.MaxLength);
    }

    [Fact]
    public void A_long_title_without_spaces_is_cut_between_characters_never_inside_one()
    {
        var family = "👨‍👩‍👧"; // one character, five code points
        var title = TitleText.Clean(string.Concat(Enumerable.Repeat(family, 70)))!;

        Assert.Equal(string.Concat(Enumerable.Repeat(family, TitleText.MaxLength)), title);
        Assert.Equal(60, new System.Globalization.StringInfo(TitleText.Clean(new string('語', 80))!).LengthInTextElements);
    }
}

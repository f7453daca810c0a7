using System.Globalization;
using System.Text.RegularExpressions;

namespace GeminiClone.Grains.Chatrooms.Titles;

/// <summary>
/// A model's answer made into a title: its first line, without the wrapping models add (quotes, markdown, a
/// "Title:" label, trailing punctuation), spaces collapsed, and at most <see cref="MaxLength"/> characters (text
/// elements, as a person counts them), cut after a whole word where there is one, never inside a character.
/// </summary>
public static partial class TitleText
{
    public const int MaxLength = 60;

    private static readonly char[] Wrapping = "\"'`*_#“”‘’«»„‚「」『』﹁﹂ ".ToCharArray();
    private static readonly char[] TrailingPunctuation = ".,;:!?…。、，；：！？．".ToCharArray();

    /// <summary>The title in <paramref name="answer"/>; null when there is none.</summary>
    public static string? Clean(string? answer)
    {
        var line = (answer ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Unwrap).FirstOrDefault(l => l.Length > 0);
        if (line is null)
        {
            return null;
        }

        var title = Unwrap(Cut(Spaces().Replace(line, " ")));
        return title.Length > 0 ? title : null;
    }

    /// <summary>Strips wrapping and a leading label, again and again, as models nest them (<c>**Title:** "Goa"</c>).</summary>
    private static string Unwrap(string text)
    {
        string before;
        do
        {
            before = text;
            text = text.Trim().Trim(Wrapping).TrimEnd(TrailingPunctuation);
            text = Label().Replace(text, "");
        }
        while (text != before);

        return text;
    }

    /// <summary>At most <see cref="MaxLength"/> text elements, after the last whole word that fits when a space is near the end.</summary>
    private static string Cut(string text)
    {
        var elements = StringInfo.ParseCombiningCharacters(text);
        if (elements.Length <= MaxLength)
        {
            return text;
        }

        // The first element that does not fit starts where the cut goes.
        var cut = elements[MaxLength];
        var space = text.LastIndexOf(' ', cut);
        return space > cut / 2 ? text[..space] : text[..cut];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(?:title|titre|título|titel|titolo)\s*[:：]\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}

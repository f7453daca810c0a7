using System.Buffers;
using System.Globalization;
using System.Text;

namespace GeminiClone.Grains.Search;

/// <summary>One searchable word of a text: its normal form and where it stands in the original string.</summary>
/// <param name="Lexeme">What is indexed and compared: folded, lower case, at most <see cref="SearchText.MaxLexemeLength"/>.</param>
/// <param name="Start">UTF-16 offset in the original text (what a JavaScript client indexes strings by).</param>
/// <param name="Length">UTF-16 length in the original text.</param>
public readonly record struct SearchToken(string Lexeme, int Start, int Length);

/// <summary>
/// How text is cut into words for search, the same way for what is indexed and what is asked, in memory and in
/// PostgreSQL (which receives our words ready-made instead of running its own parser, whose idea of a letter
/// depends on the database's locale and splits Hindi words at their vowel signs).
/// <list type="bullet">
/// <item>A word is a run of grapheme clusters that start with a letter, a digit or a combining mark, so Devanagari
/// and other scripts that attach marks to letters stay whole.</item>
/// <item>Han, Hiragana and Katakana are written without spaces: each character is a word of its own, and a query
/// asks for them side by side (a phrase).</item>
/// <item>Each emoji or other symbol is a word of its own (skin tones and ZWJ sequences stay one grapheme).</item>
/// <item>Compatibility forms are unified (full-width letters, ligatures), Latin, Greek and Cyrillic lose their
/// accents (<c>café</c> finds <c>cafe</c>), <c>ß</c> is <c>ss</c>, and everything is lower case.</item>
/// </list>
/// Everything else (spaces, punctuation, operators) only separates words, which is what makes queries safe: no
/// character a user types is ever query syntax.
/// </summary>
public static class SearchText
{
    /// <summary>Longer words are cut: nobody searches for them, and PostgreSQL refuses lexemes over 2 KB.</summary>
    public const int MaxLexemeLength = 64;

    public static List<SearchToken> Tokenize(string text)
    {
        var tokens = new List<SearchToken>();
        var wordStart = -1;
        var index = 0;
        while (index < text.Length)
        {
            var length = IsAsciiGrapheme(text, index) ? 1 : StringInfo.GetNextTextElementLength(text, index);
            switch (Classify(text, index))
            {
                case CharacterKind.Word:
                    if (wordStart < 0)
                    {
                        wordStart = index;
                    }

                    break;
                case CharacterKind.Single:
                    Flush(text, ref wordStart, index, tokens);
                    Add(text, index, length, tokens);
                    break;
                default:
                    Flush(text, ref wordStart, index, tokens);
                    break;
            }

            index += length;
        }

        Flush(text, ref wordStart, text.Length, tokens);
        return tokens;
    }

    /// <summary>The normal form of one word, as <see cref="Tokenize"/> would index it.</summary>
    /// <remarks>
    /// Runs for every word of every message stored (both search indexes tokenize what they write), so it folds into a
    /// stack buffer: a <see cref="StringBuilder"/> has no overload for a <see cref="Rune"/>, and appending one as an
    /// object boxed it and made a string of it, two allocations per character.
    /// </remarks>
    public static string Normalize(string word)
    {
        if (Ascii.IsValid(word))
        {
            // Compatibility forms, accents and ß all lie beyond ASCII: an ASCII word's normal form is its lower case.
            return ToLexemeLength(word.ToLowerInvariant());
        }

        var decomposed = word.Normalize(NormalizationForm.FormKD);
        // Each rune in (one UTF-16 unit or two) comes out as at most two: its lower case, or ss for ß.
        var capacity = decomposed.Length * 2;
        char[]? rented = null;
        var folded = capacity <= 256 ? stackalloc char[256] : rented = ArrayPool<char>.Shared.Rent(capacity);
        var length = 0;
        var foldsAccents = false;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            {
                // Accents go from alphabets where people type without them; Indic vowel signs are letters' parts.
                if (foldsAccents)
                {
                    continue;
                }
            }
            else
            {
                foldsAccents = IsAccentFoldingScript(rune.Value);
            }

            var lower = Rune.ToLowerInvariant(rune);
            if (lower.Value == SharpS)
            {
                // German's sharp s is spelled ss where it is not at hand.
                folded[length++] = 's';
                folded[length++] = 's';
            }
            else
            {
                length += lower.EncodeToUtf16(folded[length..]);
            }
        }

        var normal = new string(folded[..length]).Normalize(NormalizationForm.FormC);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return ToLexemeLength(normal);
    }

    private static string ToLexemeLength(string normal) =>
        normal.Length <= MaxLexemeLength ? normal : normal[..TextElementBoundary(normal, MaxLexemeLength)];

    private const int SharpS = 0x00DF;

    private enum CharacterKind { Separator, Word, Single }

    private static CharacterKind Classify(string text, int index)
    {
        var rune = Rune.GetRuneAt(text, index);
        if (IsSpacelessScript(rune.Value))
        {
            return CharacterKind.Single;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CharacterKind.Word,
            UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol => CharacterKind.Single,
            _ => CharacterKind.Separator,
        };
    }

    private static void Flush(string text, ref int wordStart, int end, List<SearchToken> tokens)
    {
        if (wordStart >= 0)
        {
            Add(text, wordStart, end - wordStart, tokens);
            wordStart = -1;
        }
    }

    private static void Add(string text, int start, int length, List<SearchToken> tokens)
    {
        var lexeme = Normalize(text.Substring(start, length));
        if (lexeme.Length > 0)
        {
            tokens.Add(new SearchToken(lexeme, start, length));
        }
    }

    /// <summary>
    /// An ASCII character followed by another (or by the end) is a grapheme of its own, but for CR before LF: the
    /// segmentation rules join nothing else below U+0080, and most text is mostly ASCII, for which the general rule
    /// looked up two characters' grapheme properties per character.
    /// </summary>
    private static bool IsAsciiGrapheme(string text, int index)
    {
        var character = text[index];
        if (!char.IsAscii(character) || index + 1 == text.Length)
        {
            return char.IsAscii(character);
        }

        var next = text[index + 1];
        return char.IsAscii(next) && !(character == '\r' && next == '\n');
    }

    private static int TextElementBoundary(string text, int atMost)
    {
        var end = 0;
        while (end < text.Length)
        {
            var next = end + StringInfo.GetNextTextElementLength(text, end);
            if (next > atMost)
            {
                break;
            }

            end = next;
        }

        return Math.Max(end, 1);
    }

    /// <summary>Latin (with IPA and the extended blocks), Greek and Cyrillic.</summary>
    private static bool IsAccentFoldingScript(int codePoint) =>
        codePoint < 0x0530 || codePoint is >= 0x1D00 and < 0x2000 || codePoint is >= 0x2C60 and < 0x2C80 || codePoint is >= 0xA720 and < 0xA800;

    /// <summary>Han (with its extensions and compatibility ideographs), Hiragana and Katakana.</summary>
    private static bool IsSpacelessScript(int codePoint) =>
        codePoint is >= 0x3040 and < 0x3100 // Hiragana, Katakana
            or >= 0x31F0 and < 0x3200 // Katakana phonetic extensions
            or >= 0x3400 and < 0x4DC0 // CJK extension A
            or >= 0x4E00 and < 0xA000 // CJK unified ideographs
            or >= 0xF900 and < 0xFB00 // CJK compatibility ideographs
            or >= 0xFF66 and < 0xFFA0 // half-width Katakana
            or >= 0x20000 and < 0x323B0; // CJK extensions B-H
}

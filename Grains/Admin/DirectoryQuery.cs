using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Admin;

/// <summary>
/// What an operator typed, read three ways, any of which may match: the exact user id, a part of the name (any case),
/// and, when it looks like a number, a part of the mobile number's digits or the whole number as the app reads one
/// (so <c>09876543210</c> finds <c>+919876543210</c>). Both stores match by exactly these rules.
/// </summary>
/// <param name="Text">The query, trimmed.</param>
/// <param name="Digits">Its digits, when it holds nothing but digits and the marks numbers are written with.</param>
/// <param name="MobileNumber">The E.164 number it reads as, if any.</param>
public sealed record DirectoryQuery(string Text, string? Digits, string? MobileNumber)
{
    private const string NumberMarks = " +-().";

    /// <summary>Null for a blank query: every user.</summary>
    public static DirectoryQuery? Parse(string? query, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return null;
        }

        var text = query.Trim();
        var looksLikeNumber = text.Any(char.IsAsciiDigit) && text.All(c => char.IsAsciiDigit(c) || NumberMarks.Contains(c));
        var digits = looksLikeNumber ? new string([.. text.Where(char.IsAsciiDigit)]) : null;
        var number = MobileNumberFormat.TryNormalize(text, defaultRegion, out var e164) ? e164 : null;
        return new DirectoryQuery(text, digits, number);
    }

    public bool Matches(UserDirectoryEntry entry) =>
        entry.UserId == Text
        || entry.Name.Contains(Text, StringComparison.OrdinalIgnoreCase)
        || (Digits is not null && entry.MobileNumber.Contains(Digits, StringComparison.Ordinal))
        || (MobileNumber is not null && entry.MobileNumber == MobileNumber);
}

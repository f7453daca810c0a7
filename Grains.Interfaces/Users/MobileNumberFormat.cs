using PhoneNumbers;

namespace GeminiClone.Grains.Interfaces.Users;

/// <summary>
/// Reads what people type as a mobile number and gives back E.164, the one form users are keyed by. One rule for the
/// gateway (every request that names a number) and the silos (the numbers of <c>ADMIN_MOBILE_NUMBERS</c>).
/// </summary>
public static class MobileNumberFormat
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private const string TelScheme = "tel:";

    /// <param name="defaultRegion">The region assumed for a number written without a leading + (ISO 3166 code).</param>
    public static bool TryNormalize(string? input, string defaultRegion, out string e164)
    {
        e164 = "";
        // A tel: URI (RFC 3966), as a link or a contact card hands it over, is the number it names; its parameters
        // (";phone-context=...") say nothing a number written in full needs.
        if (input?.Trim() is { } trimmed && trimmed.StartsWith(TelScheme, StringComparison.OrdinalIgnoreCase))
        {
            input = trimmed[TelScheme.Length..].Split(';', 2)[0];
        }

        // libphonenumber reads keypad letters as digits (1-800-FLOWERS); a number typed with letters is a mistake here.
        if (string.IsNullOrWhiteSpace(input) || input.Any(char.IsLetter))
        {
            return false;
        }

        try
        {
            var number = Util.Parse(input, defaultRegion);
            var type = Util.GetNumberType(number);
            if (!Util.IsValidNumber(number) || type is not (PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE))
            {
                return false;
            }

            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    public static bool IsKnownRegion(string region) => Util.GetSupportedRegions().Contains(region);
}

using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace GeminiClone.Api.Auth;

/// <summary>Reads what users type as a mobile number and gives back E.164, the one form we key users by.</summary>
public sealed class MobileNumbers(IOptions<PhoneOptions> options)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private const string TelScheme = "tel:";

    public bool TryNormalize(string? input, out string e164)
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
            var number = Util.Parse(input, options.Value.DefaultRegion);
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
}

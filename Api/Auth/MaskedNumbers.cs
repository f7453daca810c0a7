namespace GeminiClone.Api.Auth;

/// <summary>Phone numbers as logs may show them: the country code and the last two digits, enough to tell two apart.</summary>
public static class MaskedNumbers
{
    public static string Mask(string e164)
    {
        if (e164.Length <= 6)
        {
            return new string('*', e164.Length);
        }

        // "+919876543210" -> "+91********10": the first three characters keep most country codes readable.
        return string.Concat(e164.AsSpan(0, 3), new string('*', e164.Length - 5), e164.AsSpan(e164.Length - 2));
    }
}

namespace GeminiClone.Grains.Interfaces.Users;

/// <summary>Phone numbers as logs may show them; one rule for the gateway and the grains.</summary>
public static class MaskedNumbers
{
    /// <summary>The country code's first digits and the last two: enough to tell two numbers apart in a log.</summary>
    public static string Mask(string e164) => e164.Length <= 6
        ? new string('*', e164.Length)
        : string.Concat(e164.AsSpan(0, 3), new string('*', e164.Length - 5), e164.AsSpan(e164.Length - 2));
}

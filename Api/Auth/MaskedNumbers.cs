using GeminiClone.Grains.Users;

namespace GeminiClone.Api.Auth;

/// <summary>Phone numbers as logs may show them; one rule for the gateway and the grains.</summary>
public static class MaskedNumbers
{
    public static string Mask(string e164) => SecurityEvents.Mask(e164);
}

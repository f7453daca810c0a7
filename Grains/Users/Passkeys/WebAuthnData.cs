using System.Buffers.Text;
using System.Text.Json;

namespace GeminiClone.Grains.Users.Passkeys;

/// <summary>The little of WebAuthn's wire format the grains read themselves, before the library verifies the rest.</summary>
internal static class WebAuthnData
{
    /// <summary>Credential ids and challenges as grain keys: base64url without padding, as browsers write them.</summary>
    public static string Key(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    public static byte[] FromKey(string key) => Base64Url.DecodeFromChars(key);

    /// <summary>
    /// The challenge the client data answers, as a grain key; false when the client data is not JSON with a base64url
    /// challenge (the library would refuse it too, but it needs the ceremony's options first).
    /// </summary>
    public static bool TryReadChallenge(byte[] clientDataJson, out string challenge)
    {
        challenge = "";
        try
        {
            using var document = JsonDocument.Parse(clientDataJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("challenge", out var value)
                || value.ValueKind != JsonValueKind.String
                || value.GetString() is not { Length: > 0 and <= 256 } text)
            {
                return false;
            }

            challenge = Key(Base64Url.DecodeFromChars(text));
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return false;
        }
    }
}

using System.Formats.Cbor;
using System.Security.Cryptography;
using Fido2NetLib;

namespace GeminiClone.Grains.Users.Passkeys;

/// <summary>
/// What the library throws for an answer that does not verify. Besides its own exception, bytes that are not what
/// they claim (truncated authenticator data, broken CBOR, a key of the wrong shape) surface as parsing exceptions;
/// all of them mean "refuse this answer", never a server error.
/// </summary>
internal static class WebAuthnFailures
{
    public static bool IsVerificationFailure(Exception e) => e is Fido2VerificationException
        or CborContentException or FormatException or ArgumentException or InvalidOperationException
        or CryptographicException or IndexOutOfRangeException or OverflowException or System.Text.Json.JsonException;
}

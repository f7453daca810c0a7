using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Users.Passkeys;

namespace GeminiClone.Api.Auth;

/// <summary>Bounds on WebAuthn's base64url members: the spec's 1023-byte credential ids, generous room for the rest.</summary>
public static class PasskeyLimits
{
    public const int CredentialIdMaxLength = 1400;
    public const int ClientDataMaxLength = 8 * 1024;
    public const int AttestationObjectMaxLength = 48 * 1024;
    public const int AuthenticatorDataMaxLength = 8 * 1024;
    public const int SignatureMaxLength = 2 * 1024;
    public const int UserHandleMaxLength = 100;
    public const int TypeMaxLength = 32;
    public const int MaxTransports = 8;
}

/// <summary>
/// A browser's <c>RegistrationResponseJSON</c> (<c>credential.toJSON()</c> after <c>navigator.credentials.create()</c>),
/// with an optional <paramref name="Name"/> for the passkey. Members we do not need (<c>clientExtensionResults</c>,
/// <c>authenticatorAttachment</c>, <c>response.publicKey</c>, ...) are ignored.
/// </summary>
public sealed record PasskeyRegistrationRequest(
    [Required, StringLength(PasskeyLimits.CredentialIdMaxLength)] string Id,
    [Required, StringLength(PasskeyLimits.CredentialIdMaxLength)] string RawId,
    [Required, StringLength(PasskeyLimits.TypeMaxLength)] string Type,
    [Required] AttestationResponseJson Response,
    [TextLength(1, RequestLimits.NameMaxLength, Trimmed = true)] string? Name = null);

public sealed record AttestationResponseJson(
    [Required, StringLength(PasskeyLimits.ClientDataMaxLength)][property: JsonPropertyName("clientDataJSON")] string ClientDataJson,
    [Required, StringLength(PasskeyLimits.AttestationObjectMaxLength)] string AttestationObject,
    [MaxLength(PasskeyLimits.MaxTransports)] IReadOnlyList<string>? Transports = null);

/// <summary>A browser's <c>AuthenticationResponseJSON</c> (<c>credential.toJSON()</c> after <c>navigator.credentials.get()</c>).</summary>
public sealed record PasskeySignInRequest(
    [Required, StringLength(PasskeyLimits.CredentialIdMaxLength)] string Id,
    [Required, StringLength(PasskeyLimits.CredentialIdMaxLength)] string RawId,
    [Required, StringLength(PasskeyLimits.TypeMaxLength)] string Type,
    [Required] AssertionResponseJson Response);

public sealed record AssertionResponseJson(
    [Required, StringLength(PasskeyLimits.ClientDataMaxLength)][property: JsonPropertyName("clientDataJSON")] string ClientDataJson,
    [Required, StringLength(PasskeyLimits.AuthenticatorDataMaxLength)] string AuthenticatorData,
    [Required, StringLength(PasskeyLimits.SignatureMaxLength)] string Signature,
    [StringLength(PasskeyLimits.UserHandleMaxLength)] string? UserHandle = null);

public sealed record RenamePasskeyRequest([Required, TextLength(1, RequestLimits.NameMaxLength, Trimmed = true)] string Name);

/// <param name="Id">The credential id, base64url: the <c>id</c> the browser reports for this passkey.</param>
/// <param name="PossiblyCloned">Its signature counter went backwards once: it no longer signs in; delete it.</param>
public sealed record PasskeyData(string Id, string Name, DateTime CreatedAt, DateTime? LastUsedAt, bool PossiblyCloned)
{
    public static PasskeyData From(PasskeyInfo passkey) => new(
        passkey.Id, passkey.Name, passkey.CreatedAt.UtcDateTime, passkey.LastUsedAt?.UtcDateTime, passkey.PossiblyCloned);
}

namespace GeminiClone.Grains.Interfaces.Users.Passkeys;

/// <summary>A passkey as its owner lists it.</summary>
[GenerateSerializer, Alias("GeminiClone.Passkeys.PasskeyInfo")]
public sealed record PasskeyInfo(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool PossiblyCloned);

/// <summary>How the authenticator will show the account the passkey is for (WebAuthn's <c>user.name</c> and <c>user.displayName</c>).</summary>
[GenerateSerializer, Alias("GeminiClone.Passkeys.PasskeyAccountNames")]
public sealed record PasskeyAccountNames(string Name, string DisplayName);

/// <summary>A browser's <c>RegistrationResponseJSON</c>, its base64url members decoded by the gateway.</summary>
[GenerateSerializer, Alias("GeminiClone.Passkeys.PasskeyAttestation")]
public sealed record PasskeyAttestation(byte[] CredentialId, byte[] ClientDataJson, byte[] AttestationObject, IReadOnlyList<string> Transports);

/// <summary>A browser's <c>AuthenticationResponseJSON</c>, its base64url members decoded by the gateway.</summary>
[GenerateSerializer, Alias("GeminiClone.Passkeys.PasskeyAssertion")]
public sealed record PasskeyAssertion(byte[] CredentialId, byte[] ClientDataJson, byte[] AuthenticatorData, byte[] Signature, byte[]? UserHandle);

[GenerateSerializer, Alias("GeminiClone.Passkeys.PasskeyCeremonyKind")]
public enum PasskeyCeremonyKind
{
    Registration = 0,
    SignIn = 1,
}

/// <summary>
/// What a ceremony's challenge stands for until it is answered: the options sent to the browser (in WebAuthn's JSON
/// form, which the verification needs back) and, for a registration, whose passkey it becomes.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Passkeys.PasskeyCeremony")]
public sealed record PasskeyCeremony(PasskeyCeremonyKind Kind, string OptionsJson, string? UserId);

[GenerateSerializer, Alias("GeminiClone.Passkeys.PasskeyRegistrationStatus")]
public enum PasskeyRegistrationStatus
{
    Registered = 0,
    /// <summary>No pending registration has this challenge: it expired, was used, or belongs to someone else.</summary>
    CeremonyNotFound = 1,
    /// <summary>The attestation did not verify (origin, RP id, challenge, algorithm, format).</summary>
    Rejected = 2,
    /// <summary>This credential id is already registered.</summary>
    AlreadyRegistered = 3,
}

[GenerateSerializer, Alias("GeminiClone.Passkeys.PasskeyRegistrationResult")]
public sealed record PasskeyRegistrationResult(PasskeyRegistrationStatus Status, PasskeyInfo? Passkey = null, string? Reason = null);

[GenerateSerializer, Alias("GeminiClone.Passkeys.PasskeySignInStatus")]
public enum PasskeySignInStatus
{
    Verified = 0,
    /// <summary>No pending sign-in has this challenge: it expired or was used.</summary>
    CeremonyNotFound = 1,
    UnknownCredential = 2,
    /// <summary>The assertion did not verify (signature, origin, RP id, user handle, flags).</summary>
    Rejected = 3,
    /// <summary>The signature counter did not move forward: two authenticators hold this key. The passkey is marked.</summary>
    PossiblyCloned = 4,
}

/// <param name="UserId">The passkey's owner, when <see cref="PasskeySignInStatus.Verified"/>.</param>
[GenerateSerializer, Alias("GeminiClone.Passkeys.PasskeySignInResult")]
public sealed record PasskeySignInResult(PasskeySignInStatus Status, string? UserId = null, string? Reason = null);

/// <summary>What the passkey grain keeps of a credential when it is registered.</summary>
[GenerateSerializer, Alias("GeminiClone.Passkeys.NewPasskey")]
public sealed record NewPasskey(
    string OwnerUserId, byte[] PublicKey, uint SignCount, byte[] UserHandle, string Name, IReadOnlyList<string> Transports, DateTimeOffset CreatedAt);

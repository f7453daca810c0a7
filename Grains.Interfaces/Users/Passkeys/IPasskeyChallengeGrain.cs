namespace GeminiClone.Grains.Interfaces.Users.Passkeys;

/// <summary>
/// One WebAuthn challenge, keyed by its base64url form: the ceremony it opened, answerable once within its lifetime.
/// Keyed by the challenge, the answer finds it from whichever gateway it reaches.
/// </summary>
[Alias("GeminiClone.Passkeys.IPasskeyChallengeGrain")]
public interface IPasskeyChallengeGrain : IGrainWithStringKey
{
    [Alias("Hold")]
    Task HoldAsync(PasskeyCeremony ceremony);

    /// <summary>The ceremony, once: null when there is none of this kind, it has expired, or it was taken before.</summary>
    [Alias("Consume")]
    Task<PasskeyCeremony?> ConsumeAsync(PasskeyCeremonyKind kind);
}

namespace GeminiClone.Grains.Interfaces.Users.Passkeys;

/// <summary>
/// The sign-in ceremony, which starts before anyone is known: stateless, any activation will do (use key 0). The
/// state lives in the challenge and passkey grains.
/// </summary>
[Alias("GeminiClone.Passkeys.IPasskeySignInGrain")]
public interface IPasskeySignInGrain : IGrainWithIntegerKey
{
    /// <summary>Request options in WebAuthn's JSON form (<c>PublicKeyCredentialRequestOptionsJSON</c>), for discoverable passkeys.</summary>
    [Alias("Begin")]
    Task<string> BeginAsync();

    /// <summary>Verifies an answer to <see cref="BeginAsync"/>; the challenge is spent whatever the outcome.</summary>
    [Alias("Finish")]
    Task<PasskeySignInResult> FinishAsync(PasskeyAssertion assertion);
}

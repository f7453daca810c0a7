namespace GeminiClone.Grains.Interfaces.Users.Passkeys;

/// <summary>
/// One passkey, keyed by its credential id (base64url): owner, public key, signature counter. It verifies its own
/// assertions, so checking and advancing the counter is one turn of one grain.
/// </summary>
[Alias("GeminiClone.Passkeys.IPasskeyGrain")]
public interface IPasskeyGrain : IGrainWithStringKey
{
    /// <summary>False when this credential id is registered already.</summary>
    [Alias("Create")]
    Task<bool> CreateAsync(NewPasskey passkey);

    /// <summary>Only the sign-in ceremony calls this, with the options of the challenge it consumed.</summary>
    [Alias("VerifyAssertion")]
    Task<PasskeySignInResult> VerifyAssertionAsync(PasskeyAssertion assertion, string optionsJson);

    /// <summary>The passkey if <paramref name="ownerUserId"/> owns it, else null.</summary>
    [Alias("GetInfo")]
    Task<PasskeyInfo?> GetInfoAsync(string ownerUserId);

    [Alias("Rename")]
    Task<PasskeyInfo?> RenameAsync(string ownerUserId, string name);

    /// <summary>False if <paramref name="ownerUserId"/> does not own it.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string ownerUserId);
}

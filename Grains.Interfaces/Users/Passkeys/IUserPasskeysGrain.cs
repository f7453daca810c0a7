namespace GeminiClone.Grains.Interfaces.Users.Passkeys;

/// <summary>
/// A user's passkeys, keyed by user id: which credential ids are theirs and their WebAuthn user handle. It runs the
/// registration ceremony and answers list, rename and delete.
/// </summary>
[Alias("GeminiClone.Passkeys.IUserPasskeysGrain")]
public interface IUserPasskeysGrain : IGrainWithStringKey
{
    /// <summary>Creation options in WebAuthn's JSON form (<c>PublicKeyCredentialCreationOptionsJSON</c>).</summary>
    [Alias("BeginRegistration")]
    Task<string> BeginRegistrationAsync(PasskeyAccountNames account);

    [Alias("Register")]
    Task<PasskeyRegistrationResult> RegisterAsync(PasskeyAttestation attestation, string? name);

    [Alias("GetPasskeys")]
    Task<IReadOnlyList<PasskeyInfo>> GetPasskeysAsync();

    [Alias("Rename")]
    Task<PasskeyInfo?> RenameAsync(string passkeyId, string name);

    /// <summary>False when the user has no passkey of this id.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string passkeyId);

    /// <summary>Deletes every passkey and the user handle: the account is going.</summary>
    [Alias("DeleteAll")]
    Task DeleteAllAsync();
}

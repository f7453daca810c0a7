using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using GeminiClone.Grains.Interfaces.Users.Passkeys;
using GeminiClone.Grains.Persistence;

namespace GeminiClone.Grains.Users.Passkeys;

public sealed class PasskeyGrain(
    [PersistentState("passkey", StorageNames.Users)] IPersistentState<PasskeyState> passkey,
    IFido2 fido2,
    TimeProvider clock)
    : Grain, IPasskeyGrain
{
    private PasskeyState State => passkey.State;

    public async Task<bool> CreateAsync(NewPasskey created)
    {
        if (State.OwnerUserId is not null)
        {
            return false;
        }

        passkey.State = new PasskeyState
        {
            OwnerUserId = created.OwnerUserId,
            PublicKey = created.PublicKey,
            SignCount = created.SignCount,
            UserHandle = created.UserHandle,
            Name = created.Name,
            CreatedAt = created.CreatedAt,
            Transports = [.. created.Transports],
        };
        await passkey.WriteStateAsync();
        return true;
    }

    public async Task<PasskeySignInResult> VerifyAssertionAsync(PasskeyAssertion assertion, string optionsJson)
    {
        if (State.OwnerUserId is not { } owner)
        {
            return new PasskeySignInResult(PasskeySignInStatus.UnknownCredential);
        }

        if (State.PossiblyCloned)
        {
            return new PasskeySignInResult(PasskeySignInStatus.PossiblyCloned, Reason: "This passkey was marked as possibly cloned.");
        }

        // Sign-in offers no allowCredentials, so the user handle is what ties the answer to an account: require it.
        if (assertion.UserHandle is not { Length: > 0 })
        {
            return new PasskeySignInResult(PasskeySignInStatus.Rejected, Reason: "The assertion carries no user handle.");
        }

        VerifyAssertionResult verified;
        try
        {
            verified = await fido2.MakeAssertionAsync(AssertionParams(assertion, optionsJson));
        }
        catch (Fido2VerificationException e) when (e.Code == Fido2ErrorCode.InvalidSignCount)
        {
            // The signature was good but the counter did not advance: a copy of the key signs elsewhere (WebAuthn §6.1.1).
            State.PossiblyCloned = true;
            await passkey.WriteStateAsync();
            return new PasskeySignInResult(PasskeySignInStatus.PossiblyCloned, Reason: "The signature counter went backwards.");
        }
        catch (Exception e) when (WebAuthnFailures.IsVerificationFailure(e))
        {
            return new PasskeySignInResult(PasskeySignInStatus.Rejected, Reason: e.Message);
        }

        State.SignCount = verified.SignCount;
        State.LastUsedAt = clock.GetUtcNow();
        await passkey.WriteStateAsync();
        return new PasskeySignInResult(PasskeySignInStatus.Verified, owner);
    }

    /// <summary>What Fido2 checks an assertion against: the options the challenge was issued with, this credential's key and counter.</summary>
    private MakeAssertionParams AssertionParams(PasskeyAssertion assertion, string optionsJson) => new()
    {
        AssertionResponse = new AuthenticatorAssertionRawResponse
        {
            Id = this.GetPrimaryKeyString(),
            RawId = assertion.CredentialId,
            Type = PublicKeyCredentialType.PublicKey,
            Response = new AuthenticatorAssertionRawResponse.AssertionResponse
            {
                AuthenticatorData = assertion.AuthenticatorData,
                Signature = assertion.Signature,
                ClientDataJson = assertion.ClientDataJson,
                UserHandle = assertion.UserHandle,
            },
            ClientExtensionResults = new AuthenticationExtensionsClientOutputs(),
        },
        OriginalOptions = AssertionOptions.FromJson(optionsJson),
        StoredPublicKey = State.PublicKey,
        StoredSignatureCounter = State.SignCount,
        IsUserHandleOwnerOfCredentialIdCallback = (args, _) =>
            Task.FromResult(args.UserHandle.AsSpan().SequenceEqual(State.UserHandle)),
    };

    public Task<PasskeyInfo?> GetInfoAsync(string ownerUserId) =>
        Task.FromResult(State.OwnerUserId == ownerUserId ? ToInfo() : null);

    public async Task<PasskeyInfo?> RenameAsync(string ownerUserId, string name)
    {
        if (State.OwnerUserId != ownerUserId)
        {
            return null;
        }

        State.Name = name;
        await passkey.WriteStateAsync();
        return ToInfo();
    }

    public async Task<bool> DeleteAsync(string ownerUserId)
    {
        if (State.OwnerUserId != ownerUserId)
        {
            return false;
        }

        await passkey.ClearStateAsync();
        passkey.State = new PasskeyState();
        DeactivateOnIdle();
        return true;
    }

    private PasskeyInfo ToInfo() =>
        new(this.GetPrimaryKeyString(), State.Name, State.CreatedAt, State.LastUsedAt, State.PossiblyCloned);
}

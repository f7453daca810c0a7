using System.Security.Cryptography;
using Fido2NetLib;
using Fido2NetLib.Objects;
using GeminiClone.Grains.Audit;
using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Users.Passkeys;
using GeminiClone.Grains.Persistence;

namespace GeminiClone.Grains.Users.Passkeys;

public sealed class UserPasskeysGrain(
    [PersistentState("userPasskeys", StorageNames.Users)] IPersistentState<UserPasskeysState> passkeys,
    IFido2 fido2,
    TimeProvider clock,
    AuditTrail audit)
    : Grain, IUserPasskeysGrain
{
    private const string DefaultName = "Passkey";

    /// <summary>ES256 (every platform authenticator and security key) and RS256 (Windows Hello): what the issue asks for.</summary>
    private static readonly IReadOnlyList<PubKeyCredParam> Algorithms = [PubKeyCredParam.ES256, PubKeyCredParam.RS256];

    private string UserId => this.GetPrimaryKeyString();

    public async Task<string> BeginRegistrationAsync(PasskeyAccountNames account)
    {
        if (passkeys.State.UserHandle is null)
        {
            passkeys.State.UserHandle = RandomNumberGenerator.GetBytes(32);
            await passkeys.WriteStateAsync();
        }

        var options = fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = passkeys.State.UserHandle, Name = account.Name, DisplayName = account.DisplayName },
            // The browser refuses to make a second passkey for this account on an authenticator that has one.
            ExcludeCredentials = [.. passkeys.State.PasskeyIds.Select(id => new PublicKeyCredentialDescriptor(WebAuthnData.FromKey(id)))],
            // Sign-in starts before anyone is named, so only a discoverable credential can answer it.
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Required,
                UserVerification = UserVerificationRequirement.Preferred,
            },
            AttestationPreference = AttestationConveyancePreference.None,
            PubKeyCredParams = Algorithms,
        });
        var json = options.ToJson();
        await GrainFactory.GetGrain<IPasskeyChallengeGrain>(WebAuthnData.Key(options.Challenge))
            .HoldAsync(new PasskeyCeremony(PasskeyCeremonyKind.Registration, json, UserId));
        return json;
    }

    public async Task<PasskeyRegistrationResult> RegisterAsync(PasskeyAttestation attestation, string? name)
    {
        if (!WebAuthnData.TryReadChallenge(attestation.ClientDataJson, out var challenge))
        {
            return new PasskeyRegistrationResult(PasskeyRegistrationStatus.Rejected, Reason: "The client data carries no challenge.");
        }

        var ceremony = await GrainFactory.GetGrain<IPasskeyChallengeGrain>(challenge).ConsumeAsync(PasskeyCeremonyKind.Registration);
        if (ceremony is null || ceremony.UserId != UserId || passkeys.State.UserHandle is not { } userHandle)
        {
            return new PasskeyRegistrationResult(PasskeyRegistrationStatus.CeremonyNotFound);
        }

        RegisteredPublicKeyCredential credential;
        try
        {
            credential = await fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = new AuthenticatorAttestationRawResponse
                {
                    Id = WebAuthnData.Key(attestation.CredentialId),
                    RawId = attestation.CredentialId,
                    Type = PublicKeyCredentialType.PublicKey,
                    Response = new AuthenticatorAttestationRawResponse.AttestationResponse
                    {
                        AttestationObject = attestation.AttestationObject,
                        ClientDataJson = attestation.ClientDataJson,
                        // Only echoed back by the library; we keep the browser's strings ourselves.
                        Transports = [],
                    },
                    ClientExtensionResults = new AuthenticationExtensionsClientOutputs(),
                },
                OriginalOptions = CredentialCreateOptions.FromJson(ceremony.OptionsJson),
                // Uniqueness is settled atomically by the passkey grain's create below, not by a look-up here.
                IsCredentialIdUniqueToUserCallback = (_, _) => Task.FromResult(true),
            });
        }
        catch (Exception e) when (WebAuthnFailures.IsVerificationFailure(e))
        {
            return new PasskeyRegistrationResult(PasskeyRegistrationStatus.Rejected, Reason: e.Message);
        }

        // The list is written first: an id listed whose passkey was never made is skipped when listing, whereas a
        // passkey missing from the list could sign in yet never be shown, deleted, or taken with the account.
        var id = WebAuthnData.Key(credential.Id);
        passkeys.State.PasskeyIds.Add(id);
        await passkeys.WriteStateAsync();
        var created = new NewPasskey(UserId, credential.PublicKey, credential.SignCount, userHandle,
            string.IsNullOrWhiteSpace(name) ? DefaultName : name.Trim(), attestation.Transports, clock.GetUtcNow());
        if (!await GrainFactory.GetGrain<IPasskeyGrain>(id).CreateAsync(created))
        {
            passkeys.State.PasskeyIds.Remove(id);
            await passkeys.WriteStateAsync();
            return new PasskeyRegistrationResult(PasskeyRegistrationStatus.AlreadyRegistered);
        }

        await audit.RecordAsync(AuditKinds.PasskeyAdded, UserId, UserId, ("passkeyId", id));
        return new PasskeyRegistrationResult(PasskeyRegistrationStatus.Registered,
            new PasskeyInfo(id, created.Name, created.CreatedAt, null, false));
    }

    public async Task<IReadOnlyList<PasskeyInfo>> GetPasskeysAsync()
    {
        var infos = await Task.WhenAll(passkeys.State.PasskeyIds.Select(id => GrainFactory.GetGrain<IPasskeyGrain>(id).GetInfoAsync(UserId)));
        return [.. infos.OfType<PasskeyInfo>().OrderBy(p => p.CreatedAt)];
    }

    public Task<PasskeyInfo?> RenameAsync(string passkeyId, string name) =>
        passkeys.State.PasskeyIds.Contains(passkeyId)
            ? GrainFactory.GetGrain<IPasskeyGrain>(passkeyId).RenameAsync(UserId, name.Trim())
            : Task.FromResult<PasskeyInfo?>(null);

    public async Task<bool> DeleteAsync(string passkeyId)
    {
        if (!passkeys.State.PasskeyIds.Contains(passkeyId))
        {
            return false;
        }

        // The passkey goes first: once it is gone it cannot sign in, whatever happens to the list's write.
        await GrainFactory.GetGrain<IPasskeyGrain>(passkeyId).DeleteAsync(UserId);
        passkeys.State.PasskeyIds.Remove(passkeyId);
        await passkeys.WriteStateAsync();
        await audit.RecordAsync(AuditKinds.PasskeyRemoved, UserId, UserId, ("passkeyId", passkeyId));
        return true;
    }

    public async Task DeleteAllAsync()
    {
        await Task.WhenAll(passkeys.State.PasskeyIds.Select(id => GrainFactory.GetGrain<IPasskeyGrain>(id).DeleteAsync(UserId)));
        await passkeys.ClearStateAsync();
        passkeys.State = new UserPasskeysState();
        DeactivateOnIdle();
    }
}

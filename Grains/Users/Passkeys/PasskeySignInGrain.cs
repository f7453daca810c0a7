using Fido2NetLib;
using Fido2NetLib.Objects;
using GeminiClone.Grains.Interfaces.Users.Passkeys;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Users.Passkeys;

/// <summary>No state of its own, so every silo runs it locally: the gateway's call never crosses the cluster for it.</summary>
[StatelessWorker]
public sealed class PasskeySignInGrain(IFido2 fido2) : Grain, IPasskeySignInGrain
{
    public async Task<string> BeginAsync()
    {
        // No allowCredentials: the authenticator offers the discoverable passkeys it holds for this RP.
        var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams { UserVerification = UserVerificationRequirement.Preferred });
        var json = options.ToJson();
        await GrainFactory.GetGrain<IPasskeyChallengeGrain>(WebAuthnData.Key(options.Challenge))
            .HoldAsync(new PasskeyCeremony(PasskeyCeremonyKind.SignIn, json, UserId: null));
        return json;
    }

    public async Task<PasskeySignInResult> FinishAsync(PasskeyAssertion assertion)
    {
        if (!WebAuthnData.TryReadChallenge(assertion.ClientDataJson, out var challenge))
        {
            return new PasskeySignInResult(PasskeySignInStatus.Rejected, Reason: "The client data carries no challenge.");
        }

        // Spent before the credential is even looked up, so no answer, good or bad, can use the challenge twice.
        var ceremony = await GrainFactory.GetGrain<IPasskeyChallengeGrain>(challenge).ConsumeAsync(PasskeyCeremonyKind.SignIn);
        if (ceremony is null)
        {
            return new PasskeySignInResult(PasskeySignInStatus.CeremonyNotFound);
        }

        return await GrainFactory.GetGrain<IPasskeyGrain>(WebAuthnData.Key(assertion.CredentialId))
            .VerifyAssertionAsync(assertion, ceremony.OptionsJson);
    }
}

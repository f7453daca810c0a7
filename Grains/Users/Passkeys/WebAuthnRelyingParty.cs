using Fido2NetLib;

namespace GeminiClone.Grains.Users.Passkeys;

/// <summary>The library's relying party, from our options.</summary>
internal static class WebAuthnRelyingParty
{
    public static IFido2 Create(WebAuthnOptions options) => new Fido2(new Fido2Configuration
    {
        RPID = options.RelyingPartyId,
        RPName = options.RelyingPartyName,
        Origins = options.OriginList,
        // 32 bytes rather than the library's 16: the challenge is also a grain key nobody may guess.
        ChallengeSize = 32,
        // The browser's prompt gives up when the challenge would be refused anyway.
        Timeout = (uint)options.ChallengeLifetime.TotalMilliseconds,
    });
}

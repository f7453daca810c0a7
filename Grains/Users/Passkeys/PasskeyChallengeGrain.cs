using GeminiClone.Grains.Interfaces.Users.Passkeys;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Users.Passkeys;

/// <summary>
/// Holds a ceremony in memory only: a ceremony lost with its silo costs the user one more tap (the browser asks for
/// new options), which is cheaper than a storage write and delete for every passkey prompt shown.
/// </summary>
public sealed class PasskeyChallengeGrain(IOptions<WebAuthnOptions> options, TimeProvider clock) : Grain, IPasskeyChallengeGrain
{
    private PasskeyCeremony? _ceremony;
    private DateTimeOffset _expiresAt;

    public Task HoldAsync(PasskeyCeremony ceremony)
    {
        if (_ceremony is not null)
        {
            // Challenges are 32 random bytes; a second hold under one key is a bug, not a coincidence.
            throw new InvalidOperationException("This challenge already holds a ceremony.");
        }

        var lifetime = options.Value.ChallengeLifetime;
        _ceremony = ceremony;
        _expiresAt = clock.GetUtcNow() + lifetime;
        // An idle activation may be collected sooner than the ceremony ends; keep it until then.
        DelayDeactivation(lifetime);
        return Task.CompletedTask;
    }

    public Task<PasskeyCeremony?> ConsumeAsync(PasskeyCeremonyKind kind)
    {
        var ceremony = _ceremony;
        // Any answer spends the challenge, a wrong or late one too: it is never good for a second try.
        _ceremony = null;
        DeactivateOnIdle();
        return Task.FromResult(ceremony is not null && ceremony.Kind == kind && clock.GetUtcNow() <= _expiresAt ? ceremony : null);
    }
}

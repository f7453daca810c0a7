using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Users.ApiKeys;

/// <summary>
/// One API key, keyed by its id (derived from the key's hash, so the gateway finds it from the key alone). It holds
/// the hash of the secret, never the secret. Only the owner's <see cref="IApiKeyRingGrain"/> creates and revokes it.
/// </summary>
[Alias("GeminiClone.Users.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    [Alias("Store")]
    Task StoreAsync(StoredApiKey key);

    /// <summary>
    /// The owner's user id when <paramref name="secretHash"/> is this key's and it is neither revoked nor expired,
    /// else null. Asked on every request made with the key, so it interleaves and writes at most now and then.
    /// </summary>
    [Alias("Authenticate"), AlwaysInterleave]
    Task<string?> AuthenticateAsync(byte[] secretHash);

    [Alias("GetLastUsed"), ReadOnly, AlwaysInterleave]
    Task<DateTimeOffset?> GetLastUsedAsync();

    /// <summary>Forgets the key: every later request with it is refused, on every gateway.</summary>
    [Alias("Revoke")]
    Task RevokeAsync();
}

using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Users.ApiKeys;

/// <summary>A user's API keys, keyed by the user id: creates, lists and revokes them.</summary>
[Alias("GeminiClone.Users.IApiKeyRingGrain")]
public interface IApiKeyRingGrain : IGrainWithStringKey
{
    /// <summary>A new key; its secret is in the result and nowhere else. Null when the user has as many keys as allowed.</summary>
    [Alias("Create")]
    Task<NewApiKey?> CreateAsync(string name, DateTimeOffset? expiresAt);

    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<ApiKeyInfo>> ListAsync();

    /// <summary>False when the user has no key of that id.</summary>
    [Alias("Revoke")]
    Task<bool> RevokeAsync(string keyId);

    /// <summary>Revokes every key (the account is being deleted).</summary>
    [Alias("RevokeAll")]
    Task RevokeAllAsync();
}

/// <param name="Prefix">The key's first characters, to recognise it in a list; never enough to use it.</param>
[GenerateSerializer, Alias("GeminiClone.Users.ApiKeyInfo")]
public sealed record ApiKeyInfo(string Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

/// <param name="Key">The whole key, shown to its owner once.</param>
[GenerateSerializer, Alias("GeminiClone.Users.NewApiKey")]
public sealed record NewApiKey(ApiKeyInfo Info, string Key);

[GenerateSerializer, Alias("GeminiClone.Users.StoredApiKey")]
public sealed record StoredApiKey(string UserId, byte[] SecretHash, DateTimeOffset? ExpiresAt);

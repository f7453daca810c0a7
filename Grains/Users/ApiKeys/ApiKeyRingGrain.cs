using GeminiClone.Grains.Audit;
using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Users.ApiKeys;
using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Users.ApiKeys;

[GenerateSerializer, Alias("GeminiClone.Users.ApiKeyRingState")]
public sealed class ApiKeyRingState
{
    /// <summary>The user's keys by id, as they were created (when each was last used lives with the key).</summary>
    [Id(0)] public Dictionary<string, ApiKeyInfo> Keys { get; set; } = [];
}

public sealed class ApiKeyRingGrain(
    [PersistentState("apiKeys", StorageNames.Users)] IPersistentState<ApiKeyRingState> ring,
    IOptions<ApiKeyOptions> options,
    TimeProvider clock,
    AuditTrail audit)
    : Grain, IApiKeyRingGrain
{
    private string UserId => this.GetPrimaryKeyString();

    public async Task<NewApiKey?> CreateAsync(string name, DateTimeOffset? expiresAt)
    {
        if (ring.State.Keys.Count >= options.Value.MaxPerUser)
        {
            return null;
        }

        var secret = ApiKeyFormat.NewKey();
        var hash = ApiKeyFormat.Hash(secret);
        var info = new ApiKeyInfo(ApiKeyFormat.IdOf(hash), name, ApiKeyFormat.Visible(secret), clock.GetUtcNow(), expiresAt, LastUsedAt: null);
        // The key's grain first: a key the ring lists but cannot be used is a confusing failure, while a stored key
        // the ring never listed (the second write failed) is unreachable, since its secret was never shown.
        await GrainFactory.GetGrain<IApiKeyGrain>(info.Id).StoreAsync(new StoredApiKey(UserId, hash, expiresAt));
        ring.State.Keys[info.Id] = info;
        await ring.WriteStateAsync();
        await audit.RecordAsync(AuditKinds.ApiKeyAdded, UserId, UserId, ("keyId", info.Id));
        return new NewApiKey(info, secret);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync()
    {
        var keys = ring.State.Keys.Values.OrderByDescending(k => k.CreatedAt).ToList();
        var lastUsed = await Task.WhenAll(keys.Select(k => GrainFactory.GetGrain<IApiKeyGrain>(k.Id).GetLastUsedAsync()));
        return [.. keys.Select((k, i) => k with { LastUsedAt = lastUsed[i] })];
    }

    public async Task<bool> RevokeAsync(string keyId)
    {
        if (!ring.State.Keys.ContainsKey(keyId))
        {
            return false;
        }

        // Dead first, unlisted second: a failure in between leaves a listed, dead key the owner can delete again.
        await GrainFactory.GetGrain<IApiKeyGrain>(keyId).RevokeAsync();
        ring.State.Keys.Remove(keyId);
        await ring.WriteStateAsync();
        await audit.RecordAsync(AuditKinds.ApiKeyRemoved, UserId, UserId, ("keyId", keyId));
        return true;
    }

    public async Task RevokeAllAsync()
    {
        await Task.WhenAll(ring.State.Keys.Keys.Select(id => GrainFactory.GetGrain<IApiKeyGrain>(id).RevokeAsync()));
        await ring.ClearStateAsync();
        ring.State = new ApiKeyRingState();
    }
}

using System.Security.Cryptography;
using GeminiClone.Grains.Interfaces.Users.ApiKeys;
using GeminiClone.Grains.Persistence;

namespace GeminiClone.Grains.Users.ApiKeys;

[GenerateSerializer, Alias("GeminiClone.Users.ApiKeyState")]
public sealed class ApiKeyState
{
    [Id(0)] public StoredApiKey? Key { get; set; }
    /// <summary>When the key was last used, as of the last write (at most <see cref="ApiKeyGrain.LastUsedPrecision"/> stale).</summary>
    [Id(1)] public DateTimeOffset? LastUsedAt { get; set; }
}

public sealed class ApiKeyGrain(
    [PersistentState("apiKey", StorageNames.Users)] IPersistentState<ApiKeyState> key,
    TimeProvider clock)
    : Grain, IApiKeyGrain
{
    /// <summary>A key may be used many times a second; when it was last used is written at most this often.</summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(10);

    private DateTimeOffset? _lastUsed;
    private bool _writing;

    public async Task StoreAsync(StoredApiKey stored)
    {
        key.State = new ApiKeyState { Key = stored };
        await key.WriteStateAsync();
    }

    public async Task<string?> AuthenticateAsync(byte[] secretHash)
    {
        var now = clock.GetUtcNow();
        if (key.State.Key is not { } stored
            || !CryptographicOperations.FixedTimeEquals(stored.SecretHash, secretHash)
            || stored.ExpiresAt <= now)
        {
            return null;
        }

        _lastUsed = now;
        if (!_writing && (key.State.LastUsedAt is null || now - key.State.LastUsedAt >= LastUsedPrecision))
        {
            // Calls interleave, so only one of them writes; the others answer from memory meanwhile.
            _writing = true;
            try
            {
                key.State.LastUsedAt = now;
                await key.WriteStateAsync();
            }
            finally
            {
                _writing = false;
            }
        }

        return key.State.Key is null ? null : stored.UserId;
    }

    public Task<DateTimeOffset?> GetLastUsedAsync() => Task.FromResult(_lastUsed ?? key.State.LastUsedAt);

    public async Task RevokeAsync()
    {
        await key.ClearStateAsync();
        key.State = new ApiKeyState();
        _lastUsed = null;
    }
}

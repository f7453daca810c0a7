using System.ComponentModel.DataAnnotations;
using GeminiClone.Api.Validation;
using GeminiClone.Grains.Interfaces.Users.ApiKeys;

namespace GeminiClone.Api.Users;

/// <summary><c>POST /user/api-keys</c>.</summary>
/// <param name="Name">What the key is for ("nightly export"), 1-100 characters.</param>
/// <param name="ExpiresAt">When the key stops working; none: until revoked.</param>
public sealed record CreateApiKeyRequest([property: Required][TextLength(1, 100, Trimmed = true)] string Name, DateTimeOffset? ExpiresAt = null);

/// <summary>An API key as lists show it: never the key itself.</summary>
/// <param name="Prefix">The key's first characters, to recognise it.</param>
public record ApiKeyData(string Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt)
{
    public static ApiKeyData From(ApiKeyInfo key) => new(
        key.Id, key.Name, key.Prefix, key.CreatedAt.UtcDateTime, key.ExpiresAt?.UtcDateTime, key.LastUsedAt?.UtcDateTime);
}

/// <summary>A key just created: the only time <paramref name="Key"/> is shown. Send it as <c>Authorization: Bearer gc_...</c>.</summary>
public sealed record CreatedApiKeyData(string Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, string Key)
    : ApiKeyData(Id, Name, Prefix, CreatedAt, ExpiresAt, LastUsedAt)
{
    public static CreatedApiKeyData From(NewApiKey created) => new(
        created.Info.Id, created.Info.Name, created.Info.Prefix, created.Info.CreatedAt.UtcDateTime, created.Info.ExpiresAt?.UtcDateTime,
        created.Info.LastUsedAt?.UtcDateTime, created.Key);
}

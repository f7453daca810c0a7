namespace GeminiClone.Grains.Users;

/// <summary>
/// One sign-in of a user, as stored: who and when, and the SHA-256 hashes of its refresh secrets, the current one
/// and those it already exchanged (to tell a replayed token from a forged one). Secrets themselves are never kept.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Users.UserSession")]
public sealed record UserSession(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    string? UserAgent,
    string? IpAddress,
    string RefreshHash,
    DateTimeOffset RefreshExpiresAt)
{
    /// <summary>How many exchanged secrets are remembered; reuse of an older one is refused as unknown.</summary>
    public const int RetiredKept = 20;

    [Id(7)] public string[] RetiredHashes { get; init; } = [];
}

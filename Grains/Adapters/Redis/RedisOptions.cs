using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Adapters.Redis;

/// <summary>Redis, used for cluster membership in production (<c>REDIS_HOST</c>, <c>REDIS_PORT</c>, <c>REDIS_PASSWORD</c>).</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 6379;

    public string? Password { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

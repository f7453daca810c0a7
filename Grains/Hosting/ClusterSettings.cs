using GeminiClone.Grains.Adapters.Redis;
using Microsoft.Extensions.Configuration;

namespace GeminiClone.Grains.Hosting;

/// <summary>Where the production cluster's parts are, read while the host is built.</summary>
public sealed record ClusterSettings(SiloHostingOptions Hosting, string RedisConnectionString, string PostgresConnectionString)
{
    /// <summary>How long the process waits at start for the stores and the cluster.</summary>
    public StartupOptions Startup { get; init; } = new();

    /// <summary>
    /// Production mode is on when Redis is configured (<c>REDIS_HOST</c> or <c>ConnectionStrings:Redis</c>); then the
    /// silo also needs PostgreSQL. Null means the embedded default.
    /// </summary>
    public static ClusterSettings? From(IConfiguration configuration)
    {
        var redis = RedisConnectionStringFrom(configuration);
        if (redis is null)
        {
            return null;
        }

        var postgres = PostgresConnectionDefaults.Apply(configuration.GetConnectionString("Postgres") ?? "", configuration);
        return new ClusterSettings(SiloHostingOptions.From(configuration), redis, postgres)
        {
            Startup = StartupOptions.From(configuration),
        };
    }

    public static string? RedisConnectionStringFrom(IConfiguration configuration)
    {
        if (configuration.GetConnectionString("Redis") is { Length: > 0 } connectionString)
        {
            return connectionString;
        }

        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>();
        if (redis is not { IsConfigured: true })
        {
            return null;
        }

        var password = string.IsNullOrEmpty(redis.Password) ? "" : $",password={redis.Password}";
        return $"{redis.Host}:{redis.Port}{password},abortConnect=false";
    }
}

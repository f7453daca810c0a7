using GeminiClone.Grains.Adapters.Redis;
using GeminiClone.Grains.Hosting;
using Microsoft.Extensions.Configuration;

namespace GeminiClone.Api.Tests.Hosting;

public sealed class ConfigurationTests
{
    private static IConfiguration WithLegacyNames(Dictionary<string, string?> values)
    {
        var manager = new ConfigurationManager();
        manager.AddInMemoryCollection(values);
        manager.AddLegacyEnvironmentNames();
        return manager;
    }

    [Fact]
    public void The_originals_environment_names_bind_our_options()
    {
        var configuration = WithLegacyNames(new()
        {
            ["REDIS_HOST"] = "cache.internal",
            ["REDIS_PORT"] = "6380",
            ["GEMINI_API_KEY"] = "key-123",
            ["ORLEANS_SILO_PORT"] = "22222",
        });

        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>()!;
        var silo = SiloHostingOptions.From(configuration);

        Assert.Equal("cache.internal", redis.Host);
        Assert.Equal(6380, redis.Port);
        Assert.Equal("key-123", configuration["Gemini:ApiKey"]);
        Assert.Equal(22222, silo.SiloPort);
        Assert.Equal(30000, silo.GatewayPort);
    }

    [Fact]
    public void A_sectioned_key_still_works_when_the_legacy_name_is_absent()
    {
        var configuration = WithLegacyNames(new() { ["Redis:Host"] = "redis-a" });

        Assert.Equal("redis-a", configuration.GetSection(RedisOptions.Section).Get<RedisOptions>()!.Host);
    }

    [Fact]
    public void A_postgresql_url_becomes_an_npgsql_connection_string()
    {
        var configuration = WithLegacyNames(new() { ["DATABASE_URL"] = "postgresql://app:p%40ss%3Bword@db.internal:5433/gemini?sslmode=require" });

        var connectionString = configuration.GetConnectionString("Postgres")!;

        var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        Assert.Equal("db.internal", parsed["Host"]);
        Assert.Equal("5433", parsed["Port"].ToString());
        Assert.Equal("gemini", parsed["Database"]);
        Assert.Equal("app", parsed["Username"]);
        Assert.Equal("p@ss;word", parsed["Password"]);
        Assert.Equal("require", parsed["SSL Mode"]);
    }
}

using GeminiClone.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace GeminiClone.Grains.Tests.Hosting;

/// <summary>Every pool a process opens to PostgreSQL is bounded, by the operator's connection string or our setting.</summary>
public sealed class PostgresPoolLimitTests
{
    private const string Base = "Host=db;Database=gemini;Username=gemini;Password=secret";

    [Fact]
    public void A_connection_string_without_a_bound_gets_the_default()
    {
        var bounded = PostgresPoolLimit.Apply(Base, Settings());

        var builder = new NpgsqlConnectionStringBuilder(bounded);
        Assert.Equal(PostgresPoolLimit.DefaultMaxPoolSize, builder.MaxPoolSize);
        Assert.Equal(("db", "gemini", "secret"), (builder.Host, builder.Database, builder.Password));
    }

    [Fact]
    public void The_setting_chooses_the_bound()
    {
        var bounded = PostgresPoolLimit.Apply(Base, Settings((PostgresPoolLimit.SettingKey, "7")));

        Assert.Equal(7, new NpgsqlConnectionStringBuilder(bounded).MaxPoolSize);
    }

    [Theory]
    [InlineData("Maximum Pool Size=50")]
    [InlineData("Max Pool Size=50")]
    [InlineData("maxpoolsize=50")]
    public void A_bound_the_operator_wrote_is_kept(string written)
    {
        var connectionString = $"{Base};{written}";

        Assert.Equal(connectionString, PostgresPoolLimit.Apply(connectionString, Settings((PostgresPoolLimit.SettingKey, "7"))));
    }

    [Fact]
    public void Production_settings_carry_the_bound_and_a_bound_below_one_is_refused()
    {
        var cluster = ClusterSettings.From(Settings(("ConnectionStrings:Redis", "127.0.0.1:6379"), ("ConnectionStrings:Postgres", Base)));

        Assert.Equal(PostgresPoolLimit.DefaultMaxPoolSize, new NpgsqlConnectionStringBuilder(cluster!.PostgresConnectionString).MaxPoolSize);
        Assert.Throws<InvalidOperationException>(() => PostgresPoolLimit.Apply(Base, Settings((PostgresPoolLimit.SettingKey, "0"))));
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}

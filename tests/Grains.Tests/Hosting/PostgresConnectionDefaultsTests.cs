using GeminiClone.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace GeminiClone.Grains.Tests.Hosting;

/// <summary>
/// Every pool a process opens to PostgreSQL is bounded, prepares its statements and skips the reset on return, each
/// by our setting unless the operator's connection string says otherwise.
/// </summary>
public sealed class PostgresConnectionDefaultsTests
{
    private const string Base = "Host=db;Database=gemini;Username=gemini;Password=secret";

    [Fact]
    public void A_connection_string_that_names_none_of_them_gets_the_defaults()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply(Base, Settings()));

        Assert.Equal(PostgresConnectionDefaults.DefaultMaxPoolSize, builder.MaxPoolSize);
        Assert.Equal(PostgresConnectionDefaults.DefaultMaxAutoPrepare, builder.MaxAutoPrepare);
        Assert.True(builder.NoResetOnClose);
        Assert.Equal(("db", "gemini", "secret"), (builder.Host, builder.Database, builder.Password));
    }

    [Fact]
    public void The_settings_choose_the_bound_and_the_prepared_statements()
    {
        var applied = PostgresConnectionDefaults.Apply(Base, Settings(
            (PostgresConnectionDefaults.MaxPoolSizeKey, "7"), (PostgresConnectionDefaults.MaxAutoPrepareKey, "0")));

        var builder = new NpgsqlConnectionStringBuilder(applied);
        Assert.Equal((7, 0), (builder.MaxPoolSize, builder.MaxAutoPrepare));
    }

    [Theory]
    [InlineData("Maximum Pool Size=50;Max Auto Prepare=5;No Reset On Close=false")]
    [InlineData("maxpoolsize=50;maxautoprepare=5;noresetonclose=false")]
    public void What_the_operator_wrote_is_kept(string written)
    {
        var connectionString = $"{Base};{written}";

        Assert.Equal(connectionString, PostgresConnectionDefaults.Apply(connectionString, Settings(
            (PostgresConnectionDefaults.MaxPoolSizeKey, "7"), (PostgresConnectionDefaults.MaxAutoPrepareKey, "9"))));
    }

    [Fact]
    public void Only_what_the_operator_left_out_is_added()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply($"{Base};Max Auto Prepare=0", Settings()));

        Assert.Equal((PostgresConnectionDefaults.DefaultMaxPoolSize, 0, true), (builder.MaxPoolSize, builder.MaxAutoPrepare, builder.NoResetOnClose));
    }

    [Fact]
    public void Production_settings_carry_the_defaults_and_values_out_of_range_are_refused()
    {
        var cluster = ClusterSettings.From(Settings(("ConnectionStrings:Redis", "127.0.0.1:6379"), ("ConnectionStrings:Postgres", Base)));

        var builder = new NpgsqlConnectionStringBuilder(cluster!.PostgresConnectionString);
        Assert.Equal((PostgresConnectionDefaults.DefaultMaxPoolSize, PostgresConnectionDefaults.DefaultMaxAutoPrepare), (builder.MaxPoolSize, builder.MaxAutoPrepare));
        Assert.Throws<InvalidOperationException>(() => PostgresConnectionDefaults.Apply(Base, Settings((PostgresConnectionDefaults.MaxPoolSizeKey, "0"))));
        Assert.Throws<InvalidOperationException>(() => PostgresConnectionDefaults.Apply(Base, Settings((PostgresConnectionDefaults.MaxAutoPrepareKey, "-1"))));
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}

using Npgsql;

namespace GeminiClone.Cluster.Tests.Infrastructure;

/// <summary>The throwaway PostgreSQL and Redis that tests/run.sh starts on loopback.</summary>
public static class TestServers
{
    public static string Postgres => Get("GEMINICLONE_TEST_POSTGRES");

    public static string Redis => Get("GEMINICLONE_TEST_REDIS");

    /// <summary>A fresh, empty database of its own, so tests never see each other's state.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = $"gc_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(Postgres))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(Postgres) { Database = name }.ConnectionString;
    }

    /// <summary>A fresh database with our schema (deploy/sql) applied, as a silo would apply it.</summary>
    public static async Task<string> CreateMigratedDatabaseAsync()
    {
        var database = await CreateDatabaseAsync();
        await GeminiClone.Grains.Persistence.PostgresMigrations.ApplyAsync(database, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        return database;
    }

    /// <summary>The single number a counting query answers (<c>$1</c>, <c>$2</c>... are <paramref name="values"/>).</summary>
    public static async Task<long> CountAsync(this NpgsqlConnection database, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, database);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Get(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. These tests need the PostgreSQL and Redis that the test command starts: run `bash tests/run.sh`.");
}

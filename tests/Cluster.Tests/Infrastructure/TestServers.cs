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
        await GeminiClone.Grains.Adapters.PostgreSql.PostgresMigrations.ApplyAsync(database, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
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

    /// <summary>Stops PostgreSQL: <c>fast</c> (connections closed, as an operator stops it) or <c>immediate</c> (a crash).</summary>
    public static Task StopPostgresAsync(bool crash) =>
        PgCtlAsync("-D", Get("GEMINICLONE_TEST_PG_DATA"), "-m", crash ? "immediate" : "fast", "-w", "stop");

    /// <summary>Starts PostgreSQL again with the options the test script gave it, and waits until it takes connections.</summary>
    public static async Task StartPostgresAsync()
    {
        await PgCtlAsync("-D", Get("GEMINICLONE_TEST_PG_DATA"), "-l", Get("GEMINICLONE_TEST_PG_LOG"), "-w", "-o", Get("GEMINICLONE_TEST_PG_OPTIONS"), "start");
        // This process's pooled connections died with the server; the next test must not be handed one.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>
    /// Runs <paramref name="body"/> and then makes sure PostgreSQL is running, even when the body failed: the other
    /// tests of the run share this server.
    /// </summary>
    public static async Task WithPostgresRestoredAsync(Func<Task> body)
    {
        try
        {
            await body();
        }
        finally
        {
            if (!await IsPostgresUpAsync())
            {
                await StartPostgresAsync();
            }
        }
    }

    public static async Task<bool> IsPostgresUpAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Postgres) { Pooling = false, Timeout = 3 }.ConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static async Task PgCtlAsync(params string[] arguments)
    {
        var pgCtl = Path.Combine(Get("GEMINICLONE_TEST_PG_BIN"), "pg_ctl");
        var user = Environment.GetEnvironmentVariable("GEMINICLONE_TEST_PG_USER");
        // PostgreSQL refuses to run as root; the script runs it as an unprivileged account then, and so do we.
        var start = string.IsNullOrEmpty(user)
            ? new System.Diagnostics.ProcessStartInfo(pgCtl, arguments)
            : new System.Diagnostics.ProcessStartInfo("runuser", ["-u", user, "--", pgCtl, .. arguments]);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await errors}");
        }
    }

    private static string Get(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. These tests need the PostgreSQL and Redis that the test command starts: run `bash tests/run.sh`.");
}

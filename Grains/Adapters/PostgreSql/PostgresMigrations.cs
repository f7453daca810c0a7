using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// Applies the scripts of <c>deploy/sql</c> (embedded in this assembly) that a database has not seen, in name
/// order, each in its own transaction. An advisory lock makes silos that start together take turns, so a fresh
/// empty database just works however many silos boot at once.
/// </summary>
public static partial class PostgresMigrations
{
    private const string ResourcePrefix = "GeminiClone.Migrations.";

    /// <summary>An arbitrary constant naming our advisory lock.</summary>
    private const long LockKey = 0x6765_6d69_6e69;

    public static IReadOnlyList<string> Scripts { get; } =
        [.. typeof(PostgresMigrations).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..]).Order(StringComparer.Ordinal)];

    public static async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // Held for the whole run: even CREATE TABLE IF NOT EXISTS races without it. Released explicitly, since a
        // pooled connection's session outlives this method.
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            return await ApplyPendingAsync(connection, logger, cancellationToken);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task<IReadOnlyList<string>> ApplyPendingAsync(NpgsqlConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new List<string>();
        foreach (var script in Scripts)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var check = new NpgsqlCommand("SELECT 1 FROM schema_migrations WHERE name = @name", connection, transaction);
            check.Parameters.AddWithValue("name", script);
            if (await check.ExecuteScalarAsync(cancellationToken) is not null)
            {
                continue;
            }

            await using (var run = new NpgsqlCommand(Read(script), connection, transaction))
            {
                await run.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (name) VALUES (@name)", connection, transaction))
            {
                record.Parameters.AddWithValue("name", script);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            LogApplied(logger, script);
            applied.Add(script);
        }

        return applied;
    }

    private static string Read(string script)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + script)
            ?? throw new InvalidOperationException($"Migration {script} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(LogLevel.Information, "Applied database migration {Script}")]
    private static partial void LogApplied(ILogger logger, string script);
}

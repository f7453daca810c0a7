using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace GeminiClone.Grains.Hosting;

/// <summary>
/// What every connection pool a process opens to PostgreSQL is given unless the operator's connection string names
/// it (tests/Benchmarks/README.md, "Scale-out", has the figures):
/// <list type="bullet">
/// <item><b>A bound</b> (<c>Postgres:MaxPoolSize</c>, 20): Npgsql's default is 100 connections per pool, a silo holds
/// several (Orleans' storage and reminders, search, attachments, the directory, the audit log), and under 1,000 turns at
/// once two silos asked a PostgreSQL of 300 connections for more than it had. With a bound a burst waits for a pooled
/// connection (Npgsql's <c>Timeout</c>, 15 s) instead.</item>
/// <item><b>Statements prepared</b> once per connection (<c>Postgres:MaxAutoPrepare</c>, 64 per connection; 0 turns it
/// off): a turn runs the same handful of statements (state rows, search rows), and parsing and planning them again
/// on every call was a third of PostgreSQL's CPU. A prepared statement survives schema changes except one to the
/// columns it returns ("cached plan must not change result type" on older silos during an upgrade): our statements
/// name their columns, and a migration must not change what an existing statement's <c>*</c> or function returns.</item>
/// <item><b>No reset when a connection goes back to its pool</b>: Npgsql's reset is one more statement, parsed each time,
/// on every checkout, and nothing of ours leaves session state behind (the audit log's setting is transaction-local;
/// the migrations release their session lock themselves). Code that sets session state must undo it itself.</item>
/// </list>
/// </summary>
public static class PostgresConnectionDefaults
{
    public const string MaxPoolSizeKey = "Postgres:MaxPoolSize";
    public const int DefaultMaxPoolSize = 20;

    public const string MaxAutoPrepareKey = "Postgres:MaxAutoPrepare";
    public const int DefaultMaxAutoPrepare = 64;

    public static string Apply(string connectionString, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        // Npgsql's own builder knows every keyword whether written or not: the generic one holds only what was written.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())
            .ToHashSet();
        var poolSizeWritten = written.Overlaps(["MAXIMUMPOOLSIZE", "MAXPOOLSIZE"]);
        var autoPrepareWritten = written.Contains("MAXAUTOPREPARE");
        var resetWritten = written.Contains("NORESETONCLOSE");
        if (poolSizeWritten && autoPrepareWritten && resetWritten)
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!poolSizeWritten)
        {
            builder.MaxPoolSize = Setting(configuration, MaxPoolSizeKey, DefaultMaxPoolSize, least: 1);
        }

        if (!autoPrepareWritten)
        {
            builder.MaxAutoPrepare = Setting(configuration, MaxAutoPrepareKey, DefaultMaxAutoPrepare, least: 0);
        }

        if (!resetWritten)
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    private static int Setting(IConfiguration configuration, string key, int fallback, int least)
    {
        var value = configuration.GetValue(key, fallback);
        return value >= least ? value : throw new InvalidOperationException($"{key} must be at least {least} (it was {value}).");
    }
}

using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace GeminiClone.Grains.Hosting;

/// <summary>
/// Bounds every connection pool a process opens to PostgreSQL. Npgsql's default is 100 connections per pool, and a
/// silo holds several (Orleans' storage and reminders, the search index, attachments, the directory, the audit log):
/// under 1,000 turns at once two silos asked a PostgreSQL of 300 connections for more than it had and their writes
/// failed with "too many clients" (tests/Benchmarks/README.md, "Scale-out"). With a bound, a burst waits for a
/// pooled connection (Npgsql's <c>Timeout</c>, 15 s) instead. <c>Postgres:MaxPoolSize</c> (default 20) applies unless
/// the connection string sets its own <c>Maximum Pool Size</c>.
/// </summary>
public static class PostgresPoolLimit
{
    public const string SettingKey = "Postgres:MaxPoolSize";
    public const int DefaultMaxPoolSize = 20;

    public static string Apply(string connectionString, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        // Npgsql's own builder knows every keyword whether written or not: the generic one holds only what was written.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.Keys.Cast<string>().Any(key => key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() is "MAXIMUMPOOLSIZE" or "MAXPOOLSIZE"))
        {
            return connectionString;
        }

        var size = configuration.GetValue(SettingKey, DefaultMaxPoolSize);
        if (size < 1)
        {
            throw new InvalidOperationException($"{SettingKey} must be at least 1 (it was {size}).");
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = size }.ConnectionString;
    }
}

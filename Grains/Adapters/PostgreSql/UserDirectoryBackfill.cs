using GeminiClone.Grains.Interfaces.Admin;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// <c>Silo sync-directory</c>: writes every user's row of the operators' directory from the user grains themselves,
/// against a running cluster and without stopping it (users stored before the directory existed, rows a failed
/// write left stale), then drops rows of users that no longer exist. Safe to run again at any time; a user that
/// fails is named and the command exits non-zero.
/// </summary>
public static partial class UserDirectoryBackfill
{
    /// <summary>The user grain's state name: its rows in <c>grain_state</c> carry it as <c>grain_type</c>.</summary>
    private const string UserState = "user";

    private const int Parallelism = 8;

    public static async Task<IReadOnlyList<string>> RunAsync(
        IGrainFactory grains, string connectionString, string serviceId, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        var ids = await UserIdsAsync(database, serviceId, cancellationToken);
        var failed = new List<string>();
        var written = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (id, _) =>
            {
                try
                {
                    if (await grains.GetGrain<IUserAdminGrain>(id).SyncDirectoryAsync())
                    {
                        Interlocked.Increment(ref written);
                    }
                }
                catch (Exception e)
                {
                    LogFailed(logger, e, id);
                    lock (failed)
                    {
                        failed.Add(id);
                    }
                }
            });

        // A user's state is written before its first row and deleted after its row, so this never drops a user
        // registered while the command ran.
        await using var orphans = database.CreateCommand($"""
            DELETE FROM user_directory d
            WHERE NOT EXISTS (SELECT 1 FROM grain_state g
                              WHERE g.service_id = $1 AND g.grain_type = '{UserState}' AND g.grain_id_string = d.user_id AND g.payload IS NOT NULL)
            """);
        orphans.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        var removed = await orphans.ExecuteNonQueryAsync(cancellationToken);
        LogFinished(logger, written, removed, failed.Count);
        return failed;
    }

    private static async Task<List<string>> UserIdsAsync(NpgsqlDataSource database, string serviceId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"SELECT grain_id_string FROM grain_state WHERE service_id = $1 AND grain_type = '{UserState}' AND payload IS NOT NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    [LoggerMessage(LogLevel.Error, "The directory row of user {UserId} could not be written")]
    private static partial void LogFailed(ILogger logger, Exception exception, string userId);

    [LoggerMessage(LogLevel.Information, "User directory synchronised: {Written} users written, {Removed} rows of deleted users removed, {Failed} users failed")]
    private static partial void LogFinished(ILogger logger, int written, int removed, int failed);
}

using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Persistence;
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
    public static async Task<IReadOnlyList<string>> RunAsync(
        IGrainFactory grains, string connectionString, string serviceId, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        var written = 0;
        var failed = await StoredGrains.ForEachAsync(database, serviceId, StorageNames.UserState, async id =>
        {
            if (await grains.GetGrain<IUserAdminGrain>(id).SyncDirectoryAsync())
            {
                Interlocked.Increment(ref written);
            }
        }, logger, cancellationToken);

        // A user's state is written before its first row and deleted after its row, so this never drops a user
        // registered while the command ran.
        await using var orphans = database.CreateCommand($"""
            DELETE FROM user_directory d WHERE NOT {StoredGrains.StillStored(StorageNames.UserState, "d.user_id")}
            """);
        orphans.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        var removed = await orphans.ExecuteNonQueryAsync(cancellationToken);
        LogFinished(logger, written, removed, failed.Count);
        return failed;
    }

    [LoggerMessage(LogLevel.Information, "User directory synchronised: {Written} users written, {Removed} rows of deleted users removed, {Failed} users failed")]
    private static partial void LogFinished(ILogger logger, int written, int removed, int failed);
}

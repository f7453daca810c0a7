using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// Every stored grain of one kind, for the silo's maintenance commands (<c>reindex</c>, <c>schedule-retention</c>,
/// <c>sync-directory</c>): they read the ids from <c>grain_state</c> and then ask each grain, through the running
/// cluster, to do the work itself, so nothing is done behind the owner of the truth or out of order with its turns.
/// </summary>
public static partial class StoredGrains
{
    /// <summary>Grains worked on at once: enough to keep the silos busy, few enough to leave them serving users.</summary>
    private const int Parallelism = 8;

    /// <summary>
    /// SQL that holds when the grain of state <paramref name="grainType"/> whose id is in <paramref name="idColumn"/> is
    /// still stored (the service id is parameter <c>$1</c>): rows derived from grains use it to find those of deleted ones.
    /// </summary>
    public static string StillStored(string grainType, string idColumn) =>
        $"EXISTS (SELECT 1 FROM grain_state g WHERE g.service_id = $1 AND g.grain_type = '{grainType}' AND g.grain_id_string = {idColumn} AND g.payload IS NOT NULL)";

    /// <summary>SQL that holds when the chatroom whose id is in <paramref name="chatroomIdColumn"/> is still stored.</summary>
    public static string ChatroomStillStored(string chatroomIdColumn) => StillStored(StorageNames.ChatroomState, chatroomIdColumn);

    /// <summary>Calls <paramref name="work"/> for every chatroom; the ids of those that failed (each logged).</summary>
    public static Task<IReadOnlyList<string>> ForEachChatroomAsync(
        NpgsqlDataSource database, string serviceId, Func<string, Task> work, ILogger logger, CancellationToken cancellationToken = default) =>
        ForEachAsync(database, serviceId, StorageNames.ChatroomState, work, logger, cancellationToken);

    /// <summary>Calls <paramref name="work"/> for every stored grain of state <paramref name="grainType"/>; the ids of those that failed (each logged).</summary>
    public static async Task<IReadOnlyList<string>> ForEachAsync(
        NpgsqlDataSource database, string serviceId, string grainType, Func<string, Task> work, ILogger logger,
        CancellationToken cancellationToken = default)
    {
        var ids = await IdsAsync(database, serviceId, grainType, cancellationToken);
        LogStarting(logger, ids.Count, grainType);
        var failed = new List<string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (id, _) =>
            {
                try
                {
                    await work(id);
                }
                catch (Exception e)
                {
                    LogFailed(logger, e, grainType, id);
                    lock (failed)
                    {
                        failed.Add(id);
                    }
                }
            });

        return failed;
    }

    private static async Task<List<string>> IdsAsync(NpgsqlDataSource database, string serviceId, string grainType, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT grain_id_string FROM grain_state WHERE service_id = $1 AND grain_type = $2 AND payload IS NOT NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        command.Parameters.Add(new NpgsqlParameter { Value = grainType });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    [LoggerMessage(LogLevel.Information, "Working through {Count} stored grains of state {GrainType}")]
    private static partial void LogStarting(ILogger logger, int count, string grainType);

    [LoggerMessage(LogLevel.Error, "Grain {GrainId} of state {GrainType} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string grainType, string grainId);
}

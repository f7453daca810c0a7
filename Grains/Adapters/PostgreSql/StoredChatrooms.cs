using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// Every chatroom in grain storage, for the silo's maintenance commands (<c>reindex</c>, <c>schedule-retention</c>):
/// they read the ids from <c>grain_state</c> and then ask each chatroom's grain, through the running cluster, to do
/// the work itself, so nothing is done behind the owner of the truth or out of order with its turns.
/// </summary>
public static partial class StoredChatrooms
{
    /// <summary>Chatrooms worked on at once: enough to keep the silos busy, few enough to leave them serving users.</summary>
    private const int Parallelism = 8;

    /// <summary>
    /// SQL that holds when the chatroom whose id is in <paramref name="chatroomIdColumn"/> is still stored (the service
    /// id is parameter <c>$1</c>): rows derived from chatrooms use it to find those of deleted ones.
    /// </summary>
    public static string StillStored(string chatroomIdColumn) =>
        $"EXISTS (SELECT 1 FROM grain_state g WHERE g.service_id = $1 AND g.grain_type = '{StorageNames.ChatroomState}' AND g.grain_id_string = {chatroomIdColumn})";

    /// <summary>Calls <paramref name="work"/> for every chatroom; the ids of those that failed (each logged).</summary>
    public static async Task<IReadOnlyList<string>> ForEachAsync(
        NpgsqlDataSource database, string serviceId, Func<string, Task> work, ILogger logger, CancellationToken cancellationToken = default)
    {
        var ids = await IdsAsync(database, serviceId, cancellationToken);
        LogStarting(logger, ids.Count);
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
                    LogFailed(logger, e, id);
                    lock (failed)
                    {
                        failed.Add(id);
                    }
                }
            });

        return failed;
    }

    private static async Task<List<string>> IdsAsync(NpgsqlDataSource database, string serviceId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"SELECT grain_id_string FROM grain_state WHERE service_id = $1 AND grain_type = '{StorageNames.ChatroomState}' AND payload IS NOT NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    [LoggerMessage(LogLevel.Information, "Working through {Count} chatrooms")]
    private static partial void LogStarting(ILogger logger, int count);

    [LoggerMessage(LogLevel.Error, "Chatroom {ChatroomId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string chatroomId);
}

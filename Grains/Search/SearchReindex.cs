using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GeminiClone.Grains.Search;

/// <summary>
/// <c>Silo reindex</c>: rebuilds the search projection from the chatrooms themselves, against a running cluster and
/// without stopping it. Every chatroom in grain storage rebuilds its own rows (waiting for a turn it may be running,
/// so nothing is indexed out of order), then rows of chatrooms that no longer exist are dropped. Safe to run again
/// at any time; a chatroom that fails is named and the command exits non-zero.
/// </summary>
public static partial class SearchReindex
{
    /// <summary>Chatrooms rebuilt at once: enough to keep the silos busy, few enough to leave them serving users.</summary>
    private const int Parallelism = 8;

    public static async Task<ReindexSummary> RunAsync(
        IGrainFactory grains, string connectionString, string serviceId, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        var chatroomIds = await ChatroomIdsAsync(database, serviceId, cancellationToken);
        LogStarting(logger, chatroomIds.Count);

        var messages = 0L;
        var failed = new List<string>();
        await Parallel.ForEachAsync(chatroomIds, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (chatroomId, _) =>
            {
                try
                {
                    Interlocked.Add(ref messages, await grains.GetGrain<IChatroomGrain>(chatroomId).RebuildSearchAsync());
                }
                catch (Exception e)
                {
                    LogChatroomFailed(logger, e, chatroomId);
                    lock (failed)
                    {
                        failed.Add(chatroomId);
                    }
                }
            });

        // A chatroom's state is written before its first row and deleted before its rows, so this never drops a
        // chatroom created while the command ran.
        await using var orphans = database.CreateCommand("""
            DELETE FROM chat_search s
            WHERE NOT EXISTS (SELECT 1 FROM grain_state g
                              WHERE g.service_id = $1 AND g.grain_type = 'chatroom' AND g.grain_id_string = s.chatroom_id)
            """);
        orphans.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        var orphanRows = await orphans.ExecuteNonQueryAsync(cancellationToken);

        var summary = new ReindexSummary(chatroomIds.Count - failed.Count, messages, orphanRows, failed);
        LogFinished(logger, summary.Chatrooms, summary.Messages, summary.OrphanRowsRemoved, failed.Count);
        return summary;
    }

    private static async Task<List<string>> ChatroomIdsAsync(NpgsqlDataSource database, string serviceId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT grain_id_string FROM grain_state WHERE service_id = $1 AND grain_type = 'chatroom' AND payload IS NOT NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    [LoggerMessage(LogLevel.Information, "Rebuilding the search index of {Count} chatrooms")]
    private static partial void LogStarting(ILogger logger, int count);

    [LoggerMessage(LogLevel.Error, "Chatroom {ChatroomId} could not rebuild its search rows")]
    private static partial void LogChatroomFailed(ILogger logger, Exception exception, string chatroomId);

    [LoggerMessage(LogLevel.Information,
        "Search index rebuilt: {Chatrooms} chatrooms, {Messages} messages, {Orphans} rows of deleted chatrooms removed, {Failed} chatrooms failed")]
    private static partial void LogFinished(ILogger logger, int chatrooms, long messages, int orphans, int failed);
}

public sealed record ReindexSummary(int Chatrooms, long Messages, int OrphanRowsRemoved, IReadOnlyList<string> FailedChatrooms);

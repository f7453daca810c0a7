using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// <c>Silo reindex</c>: rebuilds the search projection from the chatrooms themselves, against a running cluster and
/// without stopping it. Every chatroom in grain storage rebuilds its own rows (waiting for a turn it may be running,
/// so nothing is indexed out of order), then rows of chatrooms that no longer exist are dropped. Safe to run again
/// at any time; a chatroom that fails is named and the command exits non-zero.
/// </summary>
public static partial class SearchReindex
{
    public static async Task<ReindexSummary> RunAsync(
        IGrainFactory grains, string connectionString, string serviceId, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        long messages = 0, chatrooms = 0;
        var failed = await StoredGrains.ForEachChatroomAsync(database, serviceId, async id =>
        {
            Interlocked.Add(ref messages, await grains.GetGrain<IChatroomGrain>(id).RebuildSearchAsync());
            Interlocked.Increment(ref chatrooms);
        }, logger, cancellationToken);

        // A chatroom's state is written before its first row and deleted before its rows, so this never drops a
        // chatroom created while the command ran.
        await using var orphans = database.CreateCommand($"DELETE FROM chat_search s WHERE NOT {StoredGrains.ChatroomStillStored("s.chatroom_id")}");
        orphans.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        var orphanRows = await orphans.ExecuteNonQueryAsync(cancellationToken);

        var summary = new ReindexSummary((int)chatrooms, messages, orphanRows, failed);
        LogFinished(logger, summary.Chatrooms, summary.Messages, summary.OrphanRowsRemoved, failed.Count);
        return summary;
    }

    [LoggerMessage(LogLevel.Information,
        "Search index rebuilt: {Chatrooms} chatrooms, {Messages} messages, {Orphans} rows of deleted chatrooms removed, {Failed} chatrooms failed")]
    private static partial void LogFinished(ILogger logger, int chatrooms, long messages, int orphans, int failed);
}

public sealed record ReindexSummary(int Chatrooms, long Messages, int OrphanRowsRemoved, IReadOnlyList<string> FailedChatrooms);

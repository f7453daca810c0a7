using Microsoft.Extensions.Logging;
using Npgsql;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// <c>Silo sweep-attachments</c>: drops the attachments of chatrooms that no longer exist, and the bytes nothing
/// refers to any more. A chatroom deletes its attachments' bytes after itself; when the store fails at that moment
/// the chatroom is gone all the same (and says so in the log), and this finds what it left. A chatroom's state is
/// written before its first upload, so a chatroom in use is never swept.
/// </summary>
public static partial class AttachmentSweep
{
    public static async Task<(int References, int Blobs)> RunAsync(string connectionString, string serviceId, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var references = new NpgsqlCommand(
            $"DELETE FROM attachment_ref r WHERE NOT {StoredGrains.ChatroomStillStored("r.chatroom_id")}", connection, transaction)
        {
            Parameters = { new NpgsqlParameter { Value = serviceId } },
        };
        var removedReferences = await references.ExecuteNonQueryAsync(cancellationToken);
        await using var blobs = new NpgsqlCommand(
            "DELETE FROM attachment_blob b WHERE NOT EXISTS (SELECT 1 FROM attachment_ref r WHERE r.sha256 = b.sha256)", connection, transaction);
        var removedBlobs = await blobs.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogSwept(logger, removedReferences, removedBlobs);
        return (removedReferences, removedBlobs);
    }

    [LoggerMessage(LogLevel.Information, "Attachments swept: {References} of deleted chatrooms, {Blobs} stored files no longer referred to")]
    private static partial void LogSwept(ILogger logger, int references, int blobs);
}

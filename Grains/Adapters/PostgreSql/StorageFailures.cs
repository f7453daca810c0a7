using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>What a store's exception means: an outage or not, and whether a failed write may still have been stored.</summary>
public static class StorageFailures
{
    /// <summary>The store did not answer (down, restarting, unreachable, too slow); not a bug of ours.</summary>
    public static bool IsOutage(Exception exception) => Any(exception, static e =>
        e is DbException or IOException or SocketException or TimeoutException);

    /// <summary>
    /// The server did not answer, or answered that it cannot serve now (a connection error, refused credentials, no
    /// such database, too many connections, a shutdown, restart or cancelled statement, a failure of its own: SQLSTATE
    /// classes 08, 28, 3D, 53, 57, 58): trying again at once would only wait longer. A statement PostgreSQL refused, or
    /// one that could not be sent, is that statement's own failure (<see cref="PostgresWriteBatches"/> tries the rest
    /// of its batch without it).
    /// </summary>
    public static bool IsNoAnswer(Exception exception) => exception is PostgresException refusal
        ? refusal.SqlState.Length >= 2 && refusal.SqlState[..2] is "08" or "28" or "3D" or "53" or "57" or "58"
        : IsOutage(exception);

    /// <summary>
    /// False only when the write certainly never reached the store: no connection could be opened (refused, or
    /// PostgreSQL said it cannot take connections now). Anything that broke a connection that was open may have
    /// broken it after the statement was sent, and PostgreSQL may have committed it (a lost acknowledgement).
    /// </summary>
    public static bool MayHaveLanded(Exception exception) => !Any(exception, static e => e switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable } => true,
        // cannot_connect_now (starting up, shutting down), connection rejected, too many connections, sign-in refused.
        PostgresException { SqlState: "57P03" or "08001" or "08004" or "53300" or "28000" or "28P01" } => true,
        NpgsqlException { InnerException: TimeoutException } n when n.Message.Contains("pool", StringComparison.OrdinalIgnoreCase) => true,
        _ => false,
    });

    /// <summary>The cause in one line (the exception and what it wraps), for a log that must stay short.</summary>
    public static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null && parts.Count < 4; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
        }

        return string.Join(" ---> ", parts);
    }

    private static bool Any(Exception? exception, Func<Exception, bool> match)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (match(exception))
            {
                return true;
            }
        }

        return false;
    }
}

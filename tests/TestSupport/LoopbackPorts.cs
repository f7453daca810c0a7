using System.Net;
using System.Net.Sockets;

namespace GeminiClone.TestSupport;

/// <summary>
/// Ports for the servers a test starts (silo, gateway, HTTP), never the same one twice in a test run.
/// </summary>
/// <remarks>
/// Asking the OS for a free port (bind to 0, close) hands out ephemeral ports at random, so two asks in a row can
/// return the same one, and a port can also be taken by any outgoing connection before our server binds it. A
/// silo whose port is taken stops during start-up. So ports come from below Linux's ephemeral range (32768 and
/// up), from one counter per test process starting at a random place, each checked free before it is handed out.
/// </remarks>
public static class LoopbackPorts
{
    private const int First = 20_000;
    private const int Last = 32_000;

    private static int s_next = First + Random.Shared.Next(Last - First);

    public static int Next()
    {
        for (var attempt = 0; attempt < Last - First; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref s_next) % (Last - First));
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

using System.Net.Sockets;

namespace Edge.Linux.Net;

/// <summary>Socket options for the daemon's listening sockets (RTSP, the status page).</summary>
public static class ListeningSocket
{
    /// <summary>Linux's SOL_SOCKET and SO_REUSEADDR (the same on x86_64, armhf and arm64).</summary>
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    /// <summary>
    /// Sets SO_REUSEADDR alone, so that a restarted daemon binds its port at once over the last
    /// run's connections in TIME_WAIT, while a second program on the same port still fails with
    /// "address in use".
    /// </summary>
    /// <remarks>
    /// Not <see cref="SocketOptionName.ReuseAddress"/>: on Linux .NET sets SO_REUSEPORT with it,
    /// which lets a second daemon bind the same port and silently take a share of the clients.
    /// </remarks>
    public static void AllowRebindOverTimeWait(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
    }
}

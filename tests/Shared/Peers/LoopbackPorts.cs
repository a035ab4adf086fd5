using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Edge.Tests.Shared.Peers;

/// <summary>Free TCP ports on 127.0.0.1 for peers the tests start, and a way to know when a peer listens.</summary>
public static class LoopbackPorts
{
    /// <summary>A port the kernel just handed out as free (bound and released at once).</summary>
    public static int GetFree()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>
    /// True when some socket listens on <paramref name="port"/> (IPv4 or IPv6), read from
    /// /proc/net/tcp rather than by connecting: a probe connection would be taken as the client
    /// by one-shot listeners such as <c>ffmpeg -listen 1</c>.
    /// </summary>
    public static bool IsListening(int port)
    {
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
                continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // "  0: 0100007F:1F90 00000000:0000 0A ..." local address:port, remote, state (0A = LISTEN)
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 4 || fields[3] != "0A")
                    continue;
                var colon = fields[1].LastIndexOf(':');
                if (colon > 0 && int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var listening) && listening == port)
                    return true;
            }
        }
        return false;
    }

    /// <summary>Waits until <paramref name="port"/> listens, failing early when <paramref name="peer"/> exits.</summary>
    /// <exception cref="TimeoutException">Nothing listened in time; the message carries the peer's output.</exception>
    public static async Task WaitUntilListeningAsync(int port, PeerProcess peer, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!IsListening(port))
        {
            if (peer.HasExited)
                throw new InvalidOperationException($"{peer.Name} exited ({peer.ExitCode}) before listening on port {port}:\n{peer.Output}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{peer.Name} did not listen on port {port} within {timeout}:\n{peer.Output}");
            await Task.Delay(20);
        }
    }
}

using System.Net.Sockets;
using System.Text;

namespace Edge.Tests.Shared;

/// <summary>
/// A stand-in for systemd's notify socket: a unix datagram socket, bound by the test, that
/// records what it receives.
/// </summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly string? _directory;
    private readonly Socket _socket;

    /// <summary>A socket at a file path in a temporary directory, as systemd binds it.</summary>
    public NotifySocket()
    {
        _directory = Directory.CreateTempSubdirectory("edge-notify-").FullName;
        Path = System.IO.Path.Combine(_directory, "notify");
        _socket = Bind(Path);
    }

    private NotifySocket(string abstractName)
    {
        Path = "@" + abstractName;
        _socket = Bind("\0" + abstractName);
    }

    /// <summary>The socket as <c>$NOTIFY_SOCKET</c> names it.</summary>
    public string Path { get; }

    /// <summary>A socket in the abstract namespace, which <c>$NOTIFY_SOCKET</c> spells with a leading '@'.</summary>
    public static NotifySocket InAbstractNamespace() =>
        new($"edge-test-{Environment.ProcessId}-{Guid.NewGuid():N}");

    /// <summary>Receives datagrams until one contains <paramref name="assignment"/>; returns all received, or throws on timeout.</summary>
    public async Task<IReadOnlyList<string>> WaitForAsync(string assignment, TimeSpan timeout, List<string>? received = null)
    {
        received ??= [];
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token).ConfigureAwait(false);
                var message = Encoding.UTF8.GetString(buffer, 0, length);
                received.Add(message);
                if (message.Split('\n').Contains(assignment))
                    return received;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {assignment} within {timeout}; received: [{string.Join(" | ", received)}]");
        }
    }

    /// <summary>Every datagram already waiting, without waiting for more.</summary>
    public IReadOnlyList<string> ReceivePending()
    {
        var received = new List<string>();
        var buffer = new byte[4096];
        while (_socket.Available > 0)
        {
            var length = _socket.Receive(buffer);
            received.Add(Encoding.UTF8.GetString(buffer, 0, length));
        }
        return received;
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (_directory is not null)
            Directory.Delete(_directory, recursive: true);
    }

    private static Socket Bind(string address)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(address));
        return socket;
    }
}

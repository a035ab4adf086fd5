using System.Net.Sockets;
using System.Text;

namespace Edge.EndToEnd.Tests.Support;

/// <summary>A stand-in for systemd's notify socket: a unix datagram socket that records what it receives.</summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly string _directory;
    private readonly Socket _socket;

    public NotifySocket()
    {
        _directory = Directory.CreateTempSubdirectory("edge-e2e-notify-").FullName;
        Path = System.IO.Path.Combine(_directory, "notify");
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
    }

    public string Path { get; }

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

    public void Dispose()
    {
        _socket.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

using System.Net;
using System.Net.Sockets;

namespace Edge.Rtsp.Server;

/// <summary>
/// Sends datagrams from one UDP socket on behalf of every session that shares it.
/// </summary>
/// <remarks>
/// Sessions send concurrently, each from its own playback task. Overlapping
/// <see cref="Socket.SendToAsync(ReadOnlyMemory{byte}, SocketFlags, SocketAddress, CancellationToken)"/>
/// calls on one socket were seen to fail now and then (a NullReferenceException from inside the
/// socket, a few per 100,000 sends with ten senders on .NET 10), which killed a session's
/// playback. So the usual path is a synchronous, non-blocking <c>sendto</c>: the kernel makes
/// concurrent calls safe, and it allocates nothing. Only when the socket's send buffer is full
/// (a burst at an IDR on a slow link) does a send wait, asynchronously and one at a time, for
/// room: no thread is blocked and no two asynchronous sends ever overlap.
/// </remarks>
internal sealed class SharedUdpSender
{
    private readonly Socket _socket;
    private readonly SemaphoreSlim _waitingForRoom = new(1, 1);

    public SharedUdpSender(Socket socket)
    {
        _socket = socket;
        _socket.Blocking = false;
    }

    /// <summary>Sends one datagram to <paramref name="destination"/> (a serialized <see cref="IPEndPoint"/>).</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, SocketAddress destination, CancellationToken cancellationToken)
    {
        try
        {
            _socket.SendTo(datagram.Span, SocketFlags.None, destination);
            return ValueTask.CompletedTask;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
        {
            return SendWhenThereIsRoomAsync(datagram, destination, cancellationToken);
        }
    }

    private async ValueTask SendWhenThereIsRoomAsync(ReadOnlyMemory<byte> datagram, SocketAddress destination, CancellationToken cancellationToken)
    {
        await _waitingForRoom.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendToAsync(datagram, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _waitingForRoom.Release();
        }
    }
}

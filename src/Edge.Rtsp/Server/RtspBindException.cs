using System.Net;
using System.Net.Sockets;

namespace Edge.Rtsp.Server;

/// <summary>
/// <see cref="RtspServer.Start"/> could not bind a port. The message says which port and why in
/// the server's terms; the host, which knows where the port was configured, says what to change.
/// </summary>
public sealed class RtspBindException : InvalidOperationException
{
    public RtspBindException()
        : this("An RTSP port could not be bound.")
    {
    }

    public RtspBindException(string message)
        : this(message, null)
    {
    }

    public RtspBindException(string message, Exception? innerException)
        : base(message, innerException)
    {
        EndPoint = new IPEndPoint(IPAddress.Any, 0);
    }

    public RtspBindException(RtspBindTarget target, IPEndPoint endPoint, SocketException error)
        : base(Describe(target, endPoint, error), error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Target = target;
        EndPoint = endPoint;
        SocketError = error.SocketErrorCode;
    }

    public RtspBindTarget Target { get; }

    /// <summary>The address and port that could not be bound.</summary>
    public IPEndPoint EndPoint { get; }

    public SocketError SocketError { get; }

    private static string Describe(RtspBindTarget target, IPEndPoint endPoint, SocketException error)
    {
        var taken = error.SocketErrorCode == SocketError.AddressAlreadyInUse;
        return target switch
        {
            RtspBindTarget.UdpPorts => $"cannot bind UDP port {endPoint.Port} for RTP/RTCP ({error.SocketErrorCode}){(taken ? "; another program uses it" : "")}",
            _ => $"cannot listen for RTSP on {endPoint} ({error.SocketErrorCode}){(taken ? ": another program uses the port" : "")}",
        };
    }
}

using System.Net;

namespace Edge.Live;

/// <summary>
/// One admitted live viewer: it holds a place in its camera's limit and is listed on the status
/// page until disposed. The one task that streams to it counts what it sends; the status page
/// reads the count from another thread, so it is added with Interlocked.
/// </summary>
internal sealed class LiveViewer : IDisposable
{
    private readonly Action<LiveViewer> _release;
    private long _bytesSent;
    private int _released;

    public LiveViewer(string camera, IPEndPoint remoteEndPoint, LiveTransport transport, DateTimeOffset startedAt, Action<LiveViewer> release)
    {
        Camera = camera;
        RemoteEndPoint = remoteEndPoint;
        Transport = transport;
        StartedAt = startedAt;
        _release = release;
    }

    public string Camera { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public LiveTransport Transport { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The viewer as the log names it: address and port.</summary>
    public string Name => RemoteEndPoint.ToString();

    public void CountSent(int bytes) => Interlocked.Add(ref _bytesSent, bytes);

    public LiveViewerInfo Describe() => new(Camera, RemoteEndPoint, Transport, StartedAt, Interlocked.Read(ref _bytesSent));

    /// <summary>Gives the place back; safe to call more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            _release(this);
    }
}

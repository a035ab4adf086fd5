using Edge.Media;
using Edge.Media.Streaming;

namespace Edge.Cameras;

/// <summary>
/// What every camera pipeline does at its output, in one place: publish each access unit to the
/// camera's hub, report progress for the watchdog, report "streaming" once, and pass the hub's
/// keyframe requests to whatever can make keyframes.
/// </summary>
internal sealed class HubFeed(StreamHub hub, Action onStreaming, Action onProgress)
{
    private int _streaming;

    /// <summary>Publishes one unit; the hub takes the caller's reference.</summary>
    public void Publish(AccessUnit unit)
    {
        hub.Publish(unit);
        onProgress();
        if (Interlocked.Exchange(ref _streaming, 1) == 0)
            onStreaming();
    }

    /// <summary>
    /// Tells the hub whether keyframes can be made on demand and, while the returned handle is
    /// not disposed, forwards its requests to <paramref name="requestKeyframe"/>.
    /// </summary>
    public IDisposable ForwardKeyframeRequests(bool canForce, Action requestKeyframe)
    {
        hub.CanForceKeyframes = canForce;
        return new Forwarding(hub, requestKeyframe);
    }

    private sealed class Forwarding : IDisposable
    {
        private readonly StreamHub _hub;
        private readonly Action _request;

        public Forwarding(StreamHub hub, Action request)
        {
            _hub = hub;
            _request = request;
            _hub.KeyframeRequested += OnKeyframeRequested;
        }

        public void Dispose() => _hub.KeyframeRequested -= OnKeyframeRequested;

        private void OnKeyframeRequested(object? sender, EventArgs e) => _request();
    }
}

using Edge.Media.Health;
using Edge.Rtmp.Client;
using Edge.Rtmp.Push;

namespace Edge.Rtmp.Tests.Support;

/// <summary>A push worker running against a test camera, with its health changes and logs recorded.</summary>
internal sealed class PushHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<PushState> _states = [];
    private readonly Task _run;

    public PushHarness(TestPatternCamera camera, RtmpPushOptions push)
    {
        Health = new HealthModel(TimeProvider.System);
        Health.Changed += RecordState;
        Worker = new RtmpPushWorker(push, camera.Hub, Health, TimeProvider.System, Logs);
        _run = Task.Run(() => Worker.RunAsync(_stop.Token));
    }

    public RtmpPushWorker Worker { get; }

    public HealthModel Health { get; }

    public CapturingLoggerFactory Logs { get; } = new();

    /// <summary>The push's states in the order the health model saw them, repeats collapsed.</summary>
    public IReadOnlyList<PushState> States
    {
        get
        {
            lock (_states)
                return [.. _states];
        }
    }

    public PushHealth? Current => Health.Pushes.FirstOrDefault();

    /// <summary>A push of the test camera "cam" (320x240 at 25 fps, 500 kbit/s) to <paramref name="url"/>.</summary>
    public static RtmpPushOptions Config(string url, RtmpAudio audio = RtmpAudio.None, string? caFile = null, string? fingerprint = null)
    {
        var parsed = TestUrls.Parse(url);
        return new RtmpPushOptions
        {
            Name = $"cam→{parsed.TcUrl}",
            Publisher = new RtmpPublisherOptions
            {
                Url = parsed,
                Audio = audio,
                TlsCaFile = caFile,
                TlsFingerprint = fingerprint,
                Width = 320,
                Height = 240,
                FrameRate = 25,
                VideoBitrateKbps = 500,
            },
        };
    }

    public Task<bool> WaitForAsync(PushState state, TimeSpan timeout) => Eventually.TrueAsync(() => Worker.State == state, timeout);

    /// <summary>Stops the worker (as the host does at shutdown) and waits for it, bounded.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        var finished = await Task.WhenAny(_run, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(finished == _run, "the push worker did not stop within 10 s");
        await _run;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
            await StopAsync();
        Health.Changed -= RecordState;
        _stop.Dispose();
    }

    private void RecordState()
    {
        if (Health.Pushes.FirstOrDefault() is not { } push)
            return;
        lock (_states)
        {
            if (_states.Count == 0 || _states[^1] != push.State)
                _states.Add(push.State);
        }
    }
}

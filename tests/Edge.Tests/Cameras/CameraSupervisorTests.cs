using Edge.Cameras;
using Edge.Config;
using Edge.Media.Health;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Tests.Cameras;

public sealed class CameraSupervisorTests
{
    /// <summary>A pipeline that streams until cancelled, counting its runs.</summary>
    private sealed class CountingPipeline : ICameraPipeline
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public string Description => "counting";

        public string Encoding => "libx264: profile main, preset superfast, vbr up to 2500 kbit/s, level auto";

        public async Task RunAsync(Action onStreaming, Action onProgress, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            onStreaming();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    [Fact]
    public async Task Restart_RunsThePipelineAgainAtOnce_WithoutReportingAFailure()
    {
        var health = new HealthModel(TimeProvider.System);
        var pipeline = new CountingPipeline();
        var supervisor = new CameraSupervisor(new CameraConfig { Name = "cam" }, pipeline, health, TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = supervisor.RunAsync(stop.Token);

        await WaitUntilAsync(() => pipeline.Runs == 1);
        supervisor.Restart();
        await WaitUntilAsync(() => pipeline.Runs == 2);
        await WaitUntilAsync(() => health.Cameras.Single().State == CameraState.Streaming);
        Assert.Equal(pipeline.Encoding, health.Cameras.Single().Encoding); // for the status page

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(CameraState.Stopped, health.Cameras.Single().State);
        Assert.Equal(2, pipeline.Runs);
    }

    /// <summary>Fails a given number of times, then streams until cancelled.</summary>
    private sealed class FlakyPipeline(int failures) : ICameraPipeline
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public string Description => "flaky";

        public string Encoding => "";

        public async Task RunAsync(Action onStreaming, Action onProgress, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _runs) <= failures)
                throw new InvalidOperationException("no such device");
            onStreaming();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    [Fact]
    public async Task Retries_StayFailed_UntilTheCameraStreams()
    {
        var time = new FakeTimeProvider();
        var health = new HealthModel(time);
        var states = new List<CameraState>();
        health.Changed += () =>
        {
            lock (states)
                states.Add(health.Cameras.Single().State);
        };
        var pipeline = new FlakyPipeline(failures: 2);
        var supervisor = new CameraSupervisor(new CameraConfig { Name = "cam" }, pipeline, health, time, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = supervisor.RunAsync(stop.Token);

        // The back-off waits 1 s, then 2 s, on the test's clock, which moves a second at a time.
        for (var second = 0; health.Cameras.Single().State != CameraState.Streaming; second++)
        {
            Assert.True(second < 60, "not streaming after a minute of retries");
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10); // the retry that came due runs
        }
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        // Starting once, then failed (twice), then streaming: never back to "starting" between retries.
        lock (states)
            Assert.Equal([CameraState.Starting, CameraState.Failed, CameraState.Failed, CameraState.Streaming, CameraState.Stopped], states);
    }

    /// <summary>
    /// A clock that jumps ahead on every reading, as a descheduled thread sees it. Not a
    /// FakeTimeProvider: its AutoAdvanceAmount moves GetUtcNow only, and the back-off reads timestamps.
    /// </summary>
    private sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
    {
        private long _now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _now, step.Ticks);
    }

    [Fact]
    public async Task BackOff_WhoseTimeRunsOutBetweenReadings_DoesNotCrashTheSupervisor()
    {
        // Each reading of the clock is 0.9 s later: the back-off loop sees 0.9 s elapsed of its
        // 1 s, then 1.8 s when it computes what remains. That must end the wait, not throw.
        var health = new HealthModel(TimeProvider.System);
        var pipeline = new FlakyPipeline(failures: 1);
        var supervisor = new CameraSupervisor(new CameraConfig { Name = "cam" }, pipeline, health, new SteppingTimeProvider(TimeSpan.FromSeconds(0.9)), NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = supervisor.RunAsync(stop.Token);

        await WaitUntilAsync(() => pipeline.Runs == 2 || run.IsCompleted);
        Assert.False(run.IsFaulted, run.Exception?.ToString());
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(5);
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {limit.TotalSeconds:0} s");
            await Task.Delay(10);
        }
    }
}

using Edge.Cameras;
using Edge.Config;
using Edge.Media.Health;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Tests.Cameras;

public sealed class CameraSupervisorTests
{
    /// <summary>A pipeline that streams until cancelled, counting its runs.</summary>
    private sealed class CountingPipeline : ICameraPipeline
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public string Description => "counting";

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

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(CameraState.Stopped, health.Cameras.Single().State);
        Assert.Equal(2, pipeline.Runs);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 5 s");
            await Task.Delay(10);
        }
    }
}

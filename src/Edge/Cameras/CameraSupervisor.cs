using Edge.Config;
using Edge.Media.Health;
using Microsoft.Extensions.Logging;

namespace Edge.Cameras;

/// <summary>
/// Keeps one camera streaming: runs its pipeline, and when a stage fails, reports why and runs it
/// again after a back-off (1 s doubling to 30 s), without restarting the process.
/// </summary>
/// <remarks>
/// A failure is logged once per change of reason; repeats of the same reason go to debug, so a
/// camera unplugged for a week does not fill the journal. While waiting to retry, the supervisor
/// still reports progress: a failed camera is not a hung one, and must not trip the watchdog.
/// </remarks>
internal sealed class CameraSupervisor
{
    /// <summary>A pipeline that streamed this long before failing starts again from the shortest delay.</summary>
    private static readonly TimeSpan HealthyRun = TimeSpan.FromSeconds(30);

    private readonly CameraConfig _camera;
    private readonly ICameraPipeline _pipeline;
    private readonly HealthModel _health;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Backoff _backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    public CameraSupervisor(CameraConfig camera, ICameraPipeline pipeline, HealthModel health, TimeProvider time, ILogger log)
    {
        _camera = camera;
        _pipeline = pipeline;
        _health = health;
        _time = time;
        _log = log;
    }

    private CancellationTokenSource? _currentRun;

    /// <summary>
    /// Stops the running pipeline and starts it again at once, without back-off (the button's
    /// long press). Does nothing while the supervisor is waiting to retry a failure.
    /// </summary>
    public void Restart()
    {
        try
        {
            Volatile.Read(ref _currentRun)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended as the restart was asked for.
        }
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        string? lastReason = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            Volatile.Write(ref _currentRun, run);
            if (lastReason is null)
            {
                _health.SetCamera(_camera.Name, CameraState.Starting, _pipeline.Description);
                CameraLog.Starting(_log, _camera.Name, _pipeline.Description);
            }
            else
            {
                // A retry after a failure: the camera stays "failed: reason" until it streams
                // again, so the status LED and systemd's status do not flicker through
                // "starting" on every attempt, and a week-long unplug does not fill the journal.
                CameraLog.Retrying(_log, _camera.Name, _pipeline.Description);
            }
            var started = _time.GetTimestamp();
            string reason;
            try
            {
                await _pipeline.RunAsync(
                    onStreaming: () =>
                    {
                        _health.SetCamera(_camera.Name, CameraState.Streaming, _pipeline.Description, _pipeline.Encoding);
                        CameraLog.Streaming(_log, _camera.Name, _pipeline.Description);
                        lastReason = null;
                    },
                    onProgress: () => _health.ReportProgress(_camera.Name),
                    run.Token).ConfigureAwait(false);
                if (stoppingToken.IsCancellationRequested)
                    break;
                if (run.IsCancellationRequested)
                {
                    RestartedOnRequest();
                    continue;
                }
                reason = "the source stopped delivering frames";
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested)
            {
                RestartedOnRequest();
                continue;
            }
            catch (Exception e)
            {
                // The boundary of a camera: whatever a stage throws becomes a reported, retried failure.
                reason = e.Message;
            }
            finally
            {
                Volatile.Write(ref _currentRun, null);
            }

            if (_time.GetElapsedTime(started) >= HealthyRun)
                _backoff.Reset();
            var delay = _backoff.Next();
            _health.SetCamera(_camera.Name, CameraState.Failed, reason);
            if (reason != lastReason)
                CameraLog.Failed(_log, _camera.Name, reason, delay);
            else
                CameraLog.FailedAgain(_log, _camera.Name, reason, delay);
            lastReason = reason;
            await WaitAsync(delay, stoppingToken).ConfigureAwait(false);
        }
        _health.SetCamera(_camera.Name, CameraState.Stopped, "");
    }

    private void RestartedOnRequest()
    {
        CameraLog.Restarting(_log, _camera.Name);
        _backoff.Reset();
    }

    /// <summary>Waits out the back-off one second at a time, reporting progress so the watchdog knows we are alive.</summary>
    private async Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        var started = _time.GetTimestamp();
        while (_time.GetElapsedTime(started) < delay && !stoppingToken.IsCancellationRequested)
        {
            _health.ReportProgress(_camera.Name);
            // Time passes between the loop's check and here: never hand Task.Delay a negative span.
            var remaining = delay - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
                break;
            try
            {
                await Task.Delay(remaining < TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

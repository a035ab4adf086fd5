using Edge.Config;
using Edge.Media.Health;
using Edge.Media.Supervision;
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
    /// <summary>1 s doubling to 30 s; a pipeline that ran 30 s before failing starts again from 1 s.</summary>
    internal static readonly BackoffPolicy RetryPolicy = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), stableAfter: TimeSpan.FromSeconds(30));

    private readonly CameraConfig _camera;
    private readonly ICameraPipeline _pipeline;
    private readonly HealthModel _health;
    private readonly ILogger _log;
    private readonly RetryLoop _retry;

    public CameraSupervisor(CameraConfig camera, ICameraPipeline pipeline, HealthModel health, TimeProvider time, ILogger log)
    {
        _camera = camera;
        _pipeline = pipeline;
        _health = health;
        _log = log;
        _retry = new RetryLoop(RetryPolicy, time);
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
        while (!stoppingToken.IsCancellationRequested)
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            Volatile.Write(ref _currentRun, run);
            if (!_retry.IsRetrying)
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
            _retry.RunStarted();
            string reason;
            try
            {
                await _pipeline.RunAsync(
                    onStreaming: () =>
                    {
                        _health.SetCamera(_camera.Name, CameraState.Streaming, _pipeline.Description, _pipeline.Encoding);
                        CameraLog.Streaming(_log, _camera.Name, _pipeline.Description);
                        _retry.Recovered();
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

            var (delay, isNewReason) = _retry.Failed(reason);
            _health.SetCamera(_camera.Name, CameraState.Failed, reason);
            if (isNewReason)
                CameraLog.Failed(_log, _camera.Name, reason, delay);
            else
                CameraLog.FailedAgain(_log, _camera.Name, reason, delay);
            // While waiting, progress is still reported: a failed camera is not a hung one.
            await _retry.WaitAsync(delay, stoppingToken, () => _health.ReportProgress(_camera.Name)).ConfigureAwait(false);
        }
        _health.SetCamera(_camera.Name, CameraState.Stopped, "");
    }

    private void RestartedOnRequest()
    {
        CameraLog.Restarting(_log, _camera.Name);
        _retry.Reset();
    }
}

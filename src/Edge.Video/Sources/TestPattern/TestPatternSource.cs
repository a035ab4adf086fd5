using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Edge.Media;

namespace Edge.Video.Sources.TestPattern;

/// <summary>
/// A camera that needs no hardware: produces <see cref="TestPatternGenerator"/> pictures at a fixed
/// frame rate on the monotonic clock.
/// </summary>
/// <remarks>
/// <para>Frame <c>n</c> is due at <c>start + n / fps</c>, computed from the start each time, so the
/// rate never drifts; its <see cref="VideoFrame.CaptureTimestamp"/> is that deadline and its
/// <see cref="VideoFrame.FrameNumber"/> is <c>n</c>. A dedicated thread waits for each deadline
/// (to within about a millisecond), draws the frame and hands it to the callback.</para>
/// <para>When the callback runs so long that deadlines pass, the missed slots are skipped (their
/// numbers never appear) rather than produced in a burst; when every pooled frame is still held
/// downstream the slot is dropped. Both are counted.</para>
/// </remarks>
public sealed partial class TestPatternSource
{
    private readonly TestPatternGenerator _generator;
    private readonly VideoFramePool _pool;
    private readonly ILogger _logger;
    private long _framesProduced;
    private long _framesSkipped;
    private long _framesDropped;
    private int _running;

    /// <param name="width">Picture width, even.</param>
    /// <param name="height">Picture height, even.</param>
    /// <param name="framesPerSecond">Frame rate, 1 … 240.</param>
    /// <param name="poolSize">How many frames may be held downstream at once (1 … 64).</param>
    /// <param name="logger">Where to report skipped and dropped frames.</param>
    public TestPatternSource(int width, int height, int framesPerSecond, int poolSize = 4, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(framesPerSecond, 240);
        _generator = new TestPatternGenerator(width, height);
        _pool = new VideoFramePool(width, height, poolSize);
        _logger = logger ?? NullLogger.Instance;
        FramesPerSecond = framesPerSecond;
    }

    /// <summary>Picture width.</summary>
    public int Width => _generator.Width;

    /// <summary>Picture height.</summary>
    public int Height => _generator.Height;

    /// <summary>Frames per second.</summary>
    public int FramesPerSecond { get; }

    /// <summary>Frames handed to the callback so far.</summary>
    public long FramesProduced => Interlocked.Read(ref _framesProduced);

    /// <summary>Frame slots skipped because their deadline had passed (the callback was too slow).</summary>
    public long FramesSkipped => Interlocked.Read(ref _framesSkipped);

    /// <summary>Frame slots dropped because every pooled frame was still held downstream.</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>
    /// Produces frames until <paramref name="cancellationToken"/> is cancelled. Each frame is passed
    /// to <paramref name="onFrame"/> on the source's own thread, together with its ownership: the
    /// callback (or whoever it hands the frame to) must <see cref="VideoFrame.Dispose"/> it.
    /// </summary>
    /// <returns>A task that completes when the thread has stopped; it faults if the callback throws.</returns>
    public Task RunAsync(Action<VideoFrame> onFrame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        if (Interlocked.Exchange(ref _running, 1) != 0)
            throw new InvalidOperationException("The test pattern source is already running.");

        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(onFrame, cancellationToken);
                completion.SetResult();
            }
            catch (Exception ex)
            {
                LogFailed(_logger, ex);
                completion.SetException(ex);
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        })
        {
            IsBackground = true,
            Name = "edge-testpattern",
        };
        thread.Start();
        return completion.Task;
    }

    private void Run(Action<VideoFrame> onFrame, CancellationToken cancellationToken)
    {
        var period = Stopwatch.Frequency / FramesPerSecond;
        var start = Stopwatch.GetTimestamp();
        long index = 0;
        LogStarted(_logger, Width, Height, FramesPerSecond);
        var lastReport = start;
        long reportedLoss = 0;

        while (!cancellationToken.IsCancellationRequested)
        {
            var deadline = MediaClock.FrameDeadline(start, index, FramesPerSecond);
            var now = Stopwatch.GetTimestamp();
            if (now < deadline)
            {
                var waitMs = (int)Math.Min(int.MaxValue, ((deadline - now) * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
                if (cancellationToken.WaitHandle.WaitOne(waitMs))
                    break;
                continue;
            }

            if (now - deadline >= period)
            {
                // Behind by a whole frame or more: skip to the slot now due.
                var behind = (long)((Int128)(now - start) * FramesPerSecond / Stopwatch.Frequency) - index;
                if (behind > 0)
                {
                    index += behind;
                    Interlocked.Add(ref _framesSkipped, behind);
                    continue;
                }
            }

            if (_pool.TryRent(out var frame))
            {
                try
                {
                    frame.FrameNumber = index;
                    frame.CaptureTimestamp = deadline;
                    _generator.Render(frame);
                }
                catch
                {
                    frame.Dispose();
                    throw;
                }

                Interlocked.Increment(ref _framesProduced);
                onFrame(frame);
            }
            else
            {
                Interlocked.Increment(ref _framesDropped);
            }

            index++;

            // At most one loss report a second, never a line per frame.
            if (deadline - lastReport >= Stopwatch.Frequency)
            {
                var loss = FramesSkipped + FramesDropped;
                if (loss != reportedLoss)
                {
                    LogLoss(_logger, FramesSkipped, FramesDropped);
                    reportedLoss = loss;
                }

                lastReport = deadline;
            }
        }

        LogStopped(_logger, FramesProduced, FramesSkipped, FramesDropped);
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Test pattern {Width}x{Height} at {Fps} fps started")]
    private static partial void LogStarted(ILogger logger, int width, int height, int fps);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Test pattern behind: {Skipped} frame slots skipped (consumer too slow), {Dropped} dropped (all frames held downstream) so far")]
    private static partial void LogLoss(ILogger logger, long skipped, long dropped);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Test pattern stopped after {Produced} frames ({Skipped} skipped, {Dropped} dropped)")]
    private static partial void LogStopped(ILogger logger, long produced, long skipped, long dropped);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "Test pattern source failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

using System.Globalization;
using Edge.Video.Decoders;
using Microsoft.Extensions.Logging;

namespace Edge.Video.Sources.V4l2;

/// <summary>
/// Keeps count of the pictures a capture had to skip (truncated, empty, undecodable), says so in
/// one warning at a time (the first at once, then at most one per interval, each with the running
/// count and the latest reason), and fails the capture when nothing usable has arrived for the
/// limit, so the supervisor reopens the camera with back-off instead of streaming nothing forever.
/// </summary>
/// <remarks>
/// The limit runs from the first bad picture after the last good one: a camera that mixes good and
/// bad pictures keeps streaming (with warnings); one that sends only garbage fails after the limit.
/// A camera that sends nothing at all is the frame timeout's business, not this. Used from the
/// capture thread only; nothing is allocated unless a warning is written.
/// </remarks>
internal sealed partial class UnusableFrameMonitor
{
    private readonly string _devicePath;
    private readonly string _kind;
    private readonly string _hint;
    private readonly TimeSpan _failAfter;
    private readonly TimeSpan _warningInterval;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _skipped;
    private long _streak;
    private long _streakStarted;
    private long _lastWarning;
    private bool _warned;

    /// <param name="devicePath">The device, for messages.</param>
    /// <param name="kind">What the pictures are, for messages (e.g. <c>MJPEG</c>).</param>
    /// <param name="failAfter">How long only unusable pictures may arrive before the capture fails.</param>
    /// <param name="hint">What a person can do, appended to the failure message.</param>
    /// <param name="logger">Where the warnings go.</param>
    /// <param name="time">The clock (tests pass their own).</param>
    /// <param name="warningInterval">The least time between two warnings; 10 s when null.</param>
    public UnusableFrameMonitor(string devicePath, string kind, TimeSpan failAfter, string hint, ILogger logger,
        TimeProvider? time = null, TimeSpan? warningInterval = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(failAfter, TimeSpan.Zero);
        _devicePath = devicePath;
        _kind = kind;
        _hint = hint;
        _failAfter = failAfter;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _warningInterval = warningInterval ?? TimeSpan.FromSeconds(10);
    }

    /// <summary>Pictures skipped since the capture started.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>A picture was usable: the run of bad ones, if any, is over.</summary>
    public void Usable() => _streak = 0;

    /// <summary>A picture was skipped for <paramref name="rejection"/>.</summary>
    /// <exception cref="CameraFramesUnusableException">Every picture since the last usable one (for at least the limit) was skipped.</exception>
    public void Skip(in FrameRejection rejection)
    {
        var now = _time.GetTimestamp();
        var skipped = Interlocked.Increment(ref _skipped);
        if (_streak++ == 0)
            _streakStarted = now;

        if (!_warned || _time.GetElapsedTime(_lastWarning, now) >= _warningInterval)
        {
            _warned = true;
            _lastWarning = now;
            LogSkipped(_logger, _devicePath, skipped, _kind, rejection.ToString());
        }

        var bad = _time.GetElapsedTime(_streakStarted, now);
        if (bad >= _failAfter)
        {
            throw new CameraFramesUnusableException(_devicePath, string.Create(CultureInfo.InvariantCulture,
                $"{_devicePath}: no usable {_kind} picture for {bad.TotalSeconds:0.#} s ({_streak} skipped, the last because {rejection}); {_hint}"));
        }
    }

    [LoggerMessage(EventId = 2520, Level = LogLevel.Warning,
        Message = "{Device}: {Skipped} unusable {Kind} pictures skipped so far; the latest because {Reason}")]
    private static partial void LogSkipped(ILogger logger, string device, long skipped, string kind, string reason);
}

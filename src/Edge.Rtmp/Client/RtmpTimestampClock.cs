namespace Edge.Rtmp.Client;

/// <summary>
/// Turns the hub's 90 kHz presentation times into RTMP message timestamps: milliseconds since the
/// first unit sent on the connection, never decreasing.
/// </summary>
/// <remarks>
/// Servers (and the FLV files they record) want a stream to start near 0 and never go back in
/// time; the hub's clock starts at an arbitrary monotonic value and may step back when a camera
/// pipeline restarts. A unit timed before its predecessor gets its predecessor's timestamp.
/// Values past 2^32 ms (49.7 days) wrap, as RTMP's 32-bit timestamps do.
/// </remarks>
internal sealed class RtmpTimestampClock
{
    private long _origin90kHz;
    private long _lastMilliseconds;
    private bool _started;

    /// <summary>True once the first unit has been timed.</summary>
    public bool Started => _started;

    /// <summary>The last timestamp handed out, in milliseconds (not wrapped).</summary>
    public long LastMilliseconds => _lastMilliseconds;

    /// <summary>Milliseconds since the first unit, as a 64-bit number (wrap it with <see cref="ToRtmp"/>).</summary>
    public long ToMilliseconds(long pts90kHz)
    {
        if (!_started)
        {
            _started = true;
            _origin90kHz = pts90kHz;
            _lastMilliseconds = 0;
            return 0;
        }

        var milliseconds = (pts90kHz - _origin90kHz) / 90;
        if (milliseconds < _lastMilliseconds)
            milliseconds = _lastMilliseconds;
        _lastMilliseconds = milliseconds;
        return milliseconds;
    }

    /// <summary>The 32-bit RTMP timestamp of <paramref name="milliseconds"/>.</summary>
    public static uint ToRtmp(long milliseconds) => unchecked((uint)milliseconds);
}

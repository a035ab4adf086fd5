namespace Edge.Video.Encoders.V4l2M2m;

/// <summary>
/// Matches encoded buffers to the frames they came from. Each frame queued on the OUTPUT side
/// gets a cookie (a counter, written as its v4l2 timestamp in microseconds); stateful encoders
/// copy that timestamp to the CAPTURE buffer holding its encoding (V4L2_BUF_FLAG_TIMESTAMP_COPY).
/// A fixed ring, so nothing is allocated per frame.
/// </summary>
internal sealed class TimestampCookies
{
    private readonly Entry[] _ring;
    private long _next = 1;
    private long _oldest = 1;

    public TimestampCookies(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new Entry[capacity];
    }

    /// <summary>Frames with a cookie that have not been matched yet.</summary>
    public int Pending => (int)(_next - _oldest);

    /// <summary>Issues the next cookie (never 0) for a frame. The oldest unmatched one is forgotten once the ring is full.</summary>
    public long Issue(long captureTimestamp, long frameNumber)
    {
        var cookie = _next++;
        _ring[cookie % _ring.Length] = new Entry(cookie, captureTimestamp, frameNumber);
        if (_next - _oldest > _ring.Length)
            _oldest = _next - _ring.Length;
        return cookie;
    }

    /// <summary>
    /// The frame <paramref name="cookie"/> was issued for; when the driver did not copy the
    /// timestamp (0 or unknown), the oldest frame not yet matched, since encoders without
    /// B-frames emit in input order. Returns false when no frame is pending.
    /// </summary>
    public bool TryMatch(long cookie, out long captureTimestamp, out long frameNumber, out bool exact)
    {
        if (cookie >= _oldest && cookie < _next && _ring[cookie % _ring.Length].Cookie == cookie)
        {
            var entry = _ring[cookie % _ring.Length];
            captureTimestamp = entry.CaptureTimestamp;
            frameNumber = entry.FrameNumber;
            exact = true;
            _oldest = cookie + 1;
            return true;
        }

        exact = false;
        if (_oldest < _next)
        {
            var entry = _ring[_oldest % _ring.Length];
            captureTimestamp = entry.CaptureTimestamp;
            frameNumber = entry.FrameNumber;
            _oldest++;
            return true;
        }

        captureTimestamp = 0;
        frameNumber = 0;
        return false;
    }

    private readonly record struct Entry(long Cookie, long CaptureTimestamp, long FrameNumber);
}

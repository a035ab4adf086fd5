namespace Edge.Media.Diagnostics;

/// <summary>
/// Lets a repeated log line through once per key (a client's address, a stream) per interval, so
/// that a password-guessing bot, a flood of connections or an NVR retrying a dead camera cannot
/// fill the journal. Shared by the RTSP server and the web server's logging. Keys are forgotten once their interval has passed, and at most
/// <c>maxKeys</c> are remembered: a scan from thousands of addresses cannot grow it without bound.
/// </summary>
public sealed class LogThrottle
{
    private readonly Dictionary<string, long> _lastLogged = new(StringComparer.Ordinal);
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly int _maxKeys;

    public LogThrottle(TimeSpan interval, TimeProvider time, int maxKeys = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        _interval = interval;
        _time = time;
        _maxKeys = maxKeys;
    }

    /// <summary>Keys remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_lastLogged)
                return _lastLogged.Count;
        }
    }

    /// <summary>True when a line for <paramref name="key"/> may be written now (and counts it as written).</summary>
    public bool ShouldLog(string key)
    {
        var now = _time.GetTimestamp();
        lock (_lastLogged)
        {
            if (_lastLogged.TryGetValue(key, out var last))
            {
                if (_time.GetElapsedTime(last, now) < _interval)
                    return false;
                _lastLogged[key] = now;
                return true;
            }

            if (_lastLogged.Count >= _maxKeys)
            {
                ForgetExpired(now);
                // Still full: this many keys were each logged within one interval; the next
                // newcomer stays quiet rather than grow the table.
                if (_lastLogged.Count >= _maxKeys)
                    return false;
            }
            _lastLogged[key] = now;
            return true;
        }
    }

    private void ForgetExpired(long now)
    {
        foreach (var (key, last) in _lastLogged)
        {
            if (_time.GetElapsedTime(last, now) >= _interval)
                _lastLogged.Remove(key);
        }
    }
}

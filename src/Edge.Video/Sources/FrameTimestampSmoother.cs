using System.Diagnostics;

namespace Edge.Video.Sources;

/// <summary>
/// Turns the jittery arrival times of pictures read from a pipe (rpicam-vid's stdout) into
/// evenly spaced capture times that still follow the camera's real rate.
/// </summary>
/// <remarks>
/// <para>A picture's arrival time through a pipe wobbles by tens of milliseconds with scheduling;
/// used as its timestamp, that wobble reaches every client as playback jitter, and decoders
/// such as FFmpeg's warn about "DTS discontinuities". So each picture is stamped one nominal
/// period after the previous one, corrected by a small fraction of the difference to its
/// arrival time: steady under jitter, yet it follows a camera that runs slower than asked (an
/// exposure-limited camera in the dark).</para>
/// <para>When the arrival time and the smoothed time drift further apart than
/// <see cref="ResyncThreshold"/> (the program paused, or the camera changed mode), the next
/// picture takes its arrival time as is.</para>
/// </remarks>
public sealed class FrameTimestampSmoother
{
    /// <summary>Beyond this difference between arrival and smoothed time, resynchronise.</summary>
    public static readonly TimeSpan ResyncThreshold = TimeSpan.FromMilliseconds(250);

    private const double Correction = 0.05;

    private readonly long _period;
    private readonly long _resync;
    private long _last;
    private double _estimatedPeriod;
    private bool _started;

    /// <summary>Creates a smoother for a nominal rate, with <see cref="Stopwatch"/> ticks in and out.</summary>
    public FrameTimestampSmoother(int framesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerSecond, 1);
        _period = Stopwatch.Frequency / framesPerSecond;
        _resync = (long)(ResyncThreshold.TotalSeconds * Stopwatch.Frequency);
        _estimatedPeriod = _period;
    }

    /// <summary>Pictures stamped with their arrival time because the stream drifted or paused.</summary>
    public long Resyncs { get; private set; }

    /// <summary>Returns the capture time to give a picture that arrived at <paramref name="arrival"/>.</summary>
    public long Next(long arrival)
    {
        if (!_started)
        {
            _started = true;
            _last = arrival;
            return arrival;
        }

        var predicted = _last + (long)_estimatedPeriod;
        var error = arrival - predicted;
        if (Math.Abs(error) > _resync)
        {
            Resyncs++;
            _estimatedPeriod = _period;
            _last = Math.Max(arrival, _last + 1);
            return _last;
        }

        // Follow the real rate slowly (the period estimate), and the arrival times a little
        // (the phase), so neither jitter nor a slower camera makes the stamps wander.
        _estimatedPeriod = Math.Clamp(_estimatedPeriod + error * Correction * Correction, _period * 0.5, _period * 4.0);
        var stamped = predicted + (long)(error * Correction);
        _last = Math.Max(stamped, _last + 1);
        return _last;
    }
}

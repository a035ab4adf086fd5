using Edge.Rtmp.Flv;

namespace Edge.Rtmp.Client;

/// <summary>
/// Paces the silent AAC frames against the video: before a video frame at time T goes out, every
/// audio frame due at or before T does, so audio time tracks video time and the message order
/// never goes back in time.
/// </summary>
internal sealed class SilentAudioTrack
{
    /// <summary>After a gap in the video longer than this, audio skips ahead instead of bursting out a backlog.</summary>
    private const long MaxBacklogMilliseconds = 1000;

    private long _nextFrame;

    /// <summary>Frames handed out.</summary>
    public long FramesSent { get; private set; }

    /// <summary>
    /// The time of the next frame due at or before <paramref name="videoMilliseconds"/>, or false
    /// when the audio is level with the video.
    /// </summary>
    public bool TryTakeFrameDue(long videoMilliseconds, out long frameMilliseconds)
    {
        frameMilliseconds = SilentAac.FrameTimeMilliseconds(_nextFrame);
        if (frameMilliseconds > videoMilliseconds)
            return false;
        if (videoMilliseconds - frameMilliseconds > MaxBacklogMilliseconds)
        {
            // The camera paused (a pipeline restart): resume audio just behind the video.
            _nextFrame = SilentAac.FirstFrameAtOrAfter(videoMilliseconds - MaxBacklogMilliseconds / 10);
            frameMilliseconds = SilentAac.FrameTimeMilliseconds(_nextFrame);
        }
        _nextFrame++;
        FramesSent++;
        return true;
    }
}

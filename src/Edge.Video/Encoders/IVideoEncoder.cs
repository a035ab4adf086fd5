using Edge.Media;

namespace Edge.Video.Encoders;

/// <summary>
/// Turns raw frames into H.264 access units. Backends: libavcodec (<c>FfmpegVideoEncoder</c>),
/// and later V4L2 memory-to-memory and passthrough.
/// </summary>
/// <remarks>
/// <para><b>Output.</b> Each backend is given an output callback when it is created
/// (<c>Action&lt;AccessUnit&gt;</c>). It calls it on the thread that called <see cref="Encode"/> or
/// <see cref="Flush"/>, once per access unit, in decode order. Every unit is Annex B, carries
/// SPS and PPS in front of every IDR (the backend inserts them if the codec does not), has
/// <see cref="AccessUnit.IsKeyframe"/> set exactly when it holds an IDR, and carries the capture
/// timestamp and frame number of the frame it was encoded from, with a 90 kHz presentation time
/// derived from that capture timestamp (<see cref="MediaClock.To90kHz"/>). The callback receives
/// the unit's one reference and must <see cref="AccessUnit.Release"/> it when done.</para>
/// <para><b>Threads.</b> <see cref="Encode"/>, <see cref="Flush"/> and <see cref="IDisposable.Dispose"/>
/// are called from one thread at a time (the capture loop); <see cref="RequestKeyframe"/> may be
/// called from any thread.</para>
/// <para><b>Allocation.</b> In steady state an encoder allocates nothing per frame: access units
/// come from the <see cref="AccessUnit"/> pool and native buffers are reused.</para>
/// </remarks>
public interface IVideoEncoder : IDisposable
{
    /// <summary>Which encoder this is, e.g. <c>libx264</c> or <c>h264_v4l2m2m</c>.</summary>
    string Name { get; }

    /// <summary>The settings this encoder runs with, every "auto" resolved, for the log and the status page.</summary>
    EffectiveEncoderSettings Effective { get; }

    /// <summary>True when <see cref="RequestKeyframe"/> makes the next frame an IDR.</summary>
    bool CanForceKeyframes { get; }

    /// <summary>
    /// Asks for the next encoded frame to be an IDR (a new reader joined, a receiver lost
    /// packets). Thread-safe; several requests before the next frame give one IDR. Ignored by
    /// encoders that cannot force keyframes: they still make one every keyframe interval.
    /// </summary>
    void RequestKeyframe();

    /// <summary>
    /// Encodes one frame. The frame is borrowed for the duration of the call; the caller keeps
    /// ownership and returns it to its pool afterwards. Zero or more access units reach the output
    /// callback before this returns (exactly one for a zero-latency encoder).
    /// </summary>
    void Encode(VideoFrame frame);

    /// <summary>
    /// Ends the stream: delivers every access unit the encoder still holds. No frame may be
    /// encoded afterwards.
    /// </summary>
    void Flush();
}

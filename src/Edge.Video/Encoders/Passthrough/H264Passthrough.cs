using Edge.Media;

namespace Edge.Video.Encoders.Passthrough;

/// <summary>
/// The "encoder" for sources that already deliver H.264 (rpicam-vid, H.264 webcams, files):
/// turns each Annex B access unit into a hub <see cref="AccessUnit"/>, making sure every IDR
/// carries its SPS and PPS and that nothing reaches the hub before the first IDR.
/// </summary>
/// <remarks>
/// Such a source cannot be asked for a keyframe, so a new RTSP client starts at the hub's cached
/// IDR instead (the hub's <c>CanForceKeyframes</c> stays false).
/// </remarks>
public sealed class H264Passthrough
{
    private readonly Action<AccessUnit> _output;
    private readonly H264UnitPackager _packager = new();
    private bool _seenIdr;
    private long _frameNumber;

    /// <summary>Creates the stage; <paramref name="output"/> takes ownership of each unit.</summary>
    public H264Passthrough(Action<AccessUnit> output)
    {
        _output = output;
    }

    /// <summary>Units dropped because they came before the first IDR (nothing could decode them).</summary>
    public long DroppedBeforeFirstIdr { get; private set; }

    /// <summary>IDRs that arrived without parameter sets and without any seen before (undecodable).</summary>
    public long IdrsWithoutParameterSets => _packager.IdrsWithoutParameterSets;

    /// <summary>Units handed to the output.</summary>
    public long Delivered { get; private set; }

    /// <summary>
    /// Publishes one access unit captured at <paramref name="captureTimestamp"/> (a
    /// <see cref="MediaClock"/> timestamp, from which the 90 kHz time is derived).
    /// </summary>
    public void Publish(ReadOnlySpan<byte> annexB, long captureTimestamp) =>
        Publish(annexB, captureTimestamp, MediaClock.To90kHz(captureTimestamp));

    /// <summary>Publishes one access unit with an explicit 90 kHz presentation time.</summary>
    public void Publish(ReadOnlySpan<byte> annexB, long captureTimestamp, long pts90kHz)
    {
        var missingSetsBefore = _packager.IdrsWithoutParameterSets;
        var unit = _packager.Package(annexB, captureTimestamp, pts90kHz, _frameNumber);
        if (unit is null)
            return; // parameter sets or SEI alone: remembered for the next IDR

        // Nothing before the first decodable IDR can be decoded by any reader.
        var decodableIdr = unit.IsKeyframe && _packager.IdrsWithoutParameterSets == missingSetsBefore;
        if (!_seenIdr && !decodableIdr)
        {
            unit.Release();
            DroppedBeforeFirstIdr++;
            return;
        }
        _seenIdr = true;
        _frameNumber++;
        Delivered++;
        _output(unit);
    }
}

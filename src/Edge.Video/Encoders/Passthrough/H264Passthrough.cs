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
    private readonly ParameterSetCache _parameterSets = new();
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
    public long IdrsWithoutParameterSets { get; private set; }

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
        var mask = _parameterSets.Observe(annexB);
        var isIdr = (mask & (1 << AnnexB.NalIdr)) != 0;
        if (!isIdr && !_seenIdr)
        {
            DroppedBeforeFirstIdr++;
            return;
        }

        var hasSets = (mask & (1 << AnnexB.NalSps)) != 0;
        var prefix = isIdr && !hasSets ? _parameterSets.Current : default;
        if (isIdr && !hasSets && prefix.IsEmpty)
        {
            // Without an SPS and PPS no reader can decode this picture or anything after it.
            IdrsWithoutParameterSets++;
            if (!_seenIdr)
            {
                DroppedBeforeFirstIdr++;
                return;
            }
        }
        _seenIdr = true;

        var unit = AccessUnit.Rent(prefix.Length + annexB.Length, captureTimestamp, pts90kHz, isIdr, _frameNumber++);
        try
        {
            var buffer = unit.GetWritableBuffer();
            prefix.CopyTo(buffer);
            annexB.CopyTo(buffer[prefix.Length..]);
            unit.Commit(prefix.Length + annexB.Length);
        }
        catch
        {
            unit.Release();
            throw;
        }
        Delivered++;
        _output(unit);
    }
}

using Edge.Media;

namespace Edge.Video.Encoders;

/// <summary>
/// Turns H.264 access units from any encoder or H.264 source (libavcodec, a V4L2 encoder, a UVC
/// camera, rpicam-vid) into <see cref="AccessUnit"/>s Edge can publish: a unit is a keyframe exactly when it holds an
/// IDR slice, and every IDR carries SPS and PPS — the ones in front of it, or the last ones seen
/// when the device sends them only at the start or in a buffer of their own (which is swallowed:
/// it holds no picture).
/// </summary>
internal sealed class H264UnitPackager
{
    private const int SliceMask = (1 << AnnexB.NalSlice) | (1 << AnnexB.NalIdr);

    private readonly ParameterSetCache _parameterSets = new();

    /// <summary>IDRs that arrived before any SPS/PPS had been seen (undecodable on their own).</summary>
    public long IdrsWithoutParameterSets { get; private set; }

    /// <summary>
    /// Packages one buffer. Returns null for a buffer without a picture (parameter sets or SEI
    /// alone: they are remembered). The caller owns the returned unit's one reference.
    /// </summary>
    public AccessUnit? Package(ReadOnlySpan<byte> payload, long captureTimestamp, long frameNumber) =>
        Package(payload, captureTimestamp, MediaClock.To90kHz(captureTimestamp), frameNumber);

    /// <summary>As <see cref="Package(ReadOnlySpan{byte}, long, long)"/>, with an explicit 90 kHz presentation time.</summary>
    public AccessUnit? Package(ReadOnlySpan<byte> payload, long captureTimestamp, long pts90kHz, long frameNumber)
    {
        var mask = _parameterSets.Observe(payload);
        if ((mask & SliceMask) == 0)
            return null;

        var isIdr = (mask & (1 << AnnexB.NalIdr)) != 0;
        ReadOnlySpan<byte> prefix = default;
        if (isIdr && (mask & (1 << AnnexB.NalSps)) == 0)
        {
            prefix = _parameterSets.Current;
            if (prefix.IsEmpty)
                IdrsWithoutParameterSets++;
        }

        var unit = AccessUnit.Rent(prefix.Length + payload.Length, captureTimestamp, pts90kHz, isIdr, frameNumber);
        var target = unit.GetWritableBuffer();
        prefix.CopyTo(target);
        payload.CopyTo(target[prefix.Length..]);
        unit.Commit(prefix.Length + payload.Length);
        return unit;
    }
}

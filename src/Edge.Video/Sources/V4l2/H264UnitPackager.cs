using Edge.Media;
using Edge.Video.Encoders;

namespace Edge.Video.Sources.V4l2;

/// <summary>
/// Turns H.264 buffers from a device (a UVC camera's H.264, a hardware encoder's CAPTURE queue)
/// into <see cref="AccessUnit"/>s Edge can publish: a unit is a keyframe exactly when it holds an
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
    public AccessUnit? Package(ReadOnlySpan<byte> payload, long captureTimestamp, long frameNumber)
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

        var unit = AccessUnit.Rent(prefix.Length + payload.Length, captureTimestamp, MediaClock.To90kHz(captureTimestamp), isIdr, frameNumber);
        var target = unit.GetWritableBuffer();
        prefix.CopyTo(target);
        payload.CopyTo(target[prefix.Length..]);
        unit.Commit(prefix.Length + payload.Length);
        return unit;
    }
}

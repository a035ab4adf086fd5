namespace Edge.Video.Encoders;

/// <summary>
/// Remembers the latest SPS and PPS an encoder emitted, so an IDR that arrives without them (as
/// from upstream FFmpeg's <c>h264_v4l2m2m</c>, which sends them only with the first frame) can be
/// given them: every IDR Edge publishes is decodable on its own.
/// </summary>
internal sealed class ParameterSetCache
{
    private byte[] _sets = new byte[128];

    /// <summary>The remembered SPS and PPS NAL units, each behind a four-byte start code; empty until seen.</summary>
    public ReadOnlySpan<byte> Current => _sets.AsSpan(0, Length);

    /// <summary>Bytes in <see cref="Current"/>.</summary>
    public int Length { get; private set; }

    /// <summary>
    /// Looks through one access unit; if it carries an SPS, replaces the remembered sets with the
    /// SPS and PPS units it carries. Returns the unit's NAL type mask (see <see cref="AnnexB.NalTypeMask"/>).
    /// </summary>
    public int Observe(ReadOnlySpan<byte> accessUnit)
    {
        var mask = AnnexB.NalTypeMask(accessUnit);
        if ((mask & (1 << AnnexB.NalSps)) == 0 || (mask & (1 << AnnexB.NalPps)) == 0)
            return mask;

        var needed = 0;
        var position = 0;
        while (AnnexB.TryReadNal(accessUnit, ref position, out _, out var payload, out var end))
        {
            if ((accessUnit[payload] & 0x1F) is AnnexB.NalSps or AnnexB.NalPps)
                needed += 4 + end - payload;
        }

        if (needed > _sets.Length)
            _sets = new byte[needed]; // only when parameter sets grow: not per frame

        var length = 0;
        position = 0;
        while (AnnexB.TryReadNal(accessUnit, ref position, out _, out var payload, out var end))
        {
            if ((accessUnit[payload] & 0x1F) is not (AnnexB.NalSps or AnnexB.NalPps))
                continue;
            _sets.AsSpan(length, 4).Clear();
            _sets[length + 3] = 1;
            accessUnit[payload..end].CopyTo(_sets.AsSpan(length + 4));
            length += 4 + end - payload;
        }

        Length = length;
        return mask;
    }
}

namespace Edge.Media.H264;

/// <summary>
/// The parameter sets of an H.264 stream, with what outputs derive from them: the parsed SPS,
/// SDP's <c>sprop-parameter-sets</c> and <c>profile-level-id</c>, and the decoder configuration
/// record of the RTMP/FLV sequence header. Immutable; a stream hub swaps in a new instance when
/// the encoder's parameters change.
/// </summary>
/// <remarks>One SPS and one PPS: the first of each in an access unit, which is what encoders produce.</remarks>
public sealed class H264Parameters
{
    private readonly byte[] _sps;
    private readonly byte[] _pps;

    private H264Parameters(byte[] sps, byte[] pps, SequenceParameterSet parsed)
    {
        _sps = sps;
        _pps = pps;
        SequenceParameterSet = parsed;
        SpropParameterSets = $"{Convert.ToBase64String(sps)},{Convert.ToBase64String(pps)}";
        DecoderConfigurationRecord = AvcDecoderConfigurationRecord.Create(sps, parsed, pps);
    }

    /// <summary>The SPS NAL unit, header byte first, without start code.</summary>
    public ReadOnlyMemory<byte> Sps => _sps;

    /// <summary>The PPS NAL unit, header byte first, without start code.</summary>
    public ReadOnlyMemory<byte> Pps => _pps;

    /// <summary>The parsed SPS: picture size, profile, level, frame rate.</summary>
    public SequenceParameterSet SequenceParameterSet { get; }

    /// <summary>SDP <c>sprop-parameter-sets</c> (RFC 6184 8.1): base64 SPS, a comma, base64 PPS.</summary>
    public string SpropParameterSets { get; }

    /// <summary>SDP <c>profile-level-id</c>, e.g. <c>42e01f</c>.</summary>
    public string ProfileLevelId => SequenceParameterSet.ProfileLevelId;

    /// <summary>The record sent as the RTMP/FLV AVC sequence header.</summary>
    public AvcDecoderConfigurationRecord DecoderConfigurationRecord { get; }

    /// <summary>Builds the parameters from one SPS and one PPS NAL unit (header byte first).</summary>
    /// <exception cref="InvalidDataException">The SPS does not parse, or the PPS is not a PPS.</exception>
    public static H264Parameters Create(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        var parsed = SequenceParameterSet.Parse(sps);
        if (NalUnitHeader.TypeOf(pps) != NalUnitType.Pps)
            throw new InvalidDataException($"Expected an H.264 PPS (NAL unit type 8), got type {(int)NalUnitHeader.TypeOf(pps)}.");
        return new H264Parameters(sps.ToArray(), pps.ToArray(), parsed);
    }

    /// <summary>
    /// Builds the parameters from the first SPS and PPS in an Annex B access unit; returns false
    /// when the unit does not carry both.
    /// </summary>
    /// <exception cref="InvalidDataException">The unit carries an SPS that does not parse.</exception>
    public static bool TryCreate(ReadOnlySpan<byte> annexB, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out H264Parameters? parameters)
    {
        parameters = AnnexB.TryFindParameterSets(annexB, out var sps, out var pps) ? Create(sps, pps) : null;
        return parameters is not null;
    }

    /// <summary>True when <paramref name="sps"/> and <paramref name="pps"/> are byte for byte the ones held here.</summary>
    public bool Matches(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps) =>
        sps.SequenceEqual(_sps) && pps.SequenceEqual(_pps);
}

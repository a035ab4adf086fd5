using System.Buffers;
using System.Buffers.Binary;
using Edge.Media.H264;

namespace Edge.Media.Mp4;

/// <summary>
/// Turns H.264 access units into fragments of a fragmented MP4 (<c>moof</c> + <c>mdat</c>, one
/// sample each, ISO/IEC 14496-12 8.8) for the track of <see cref="FragmentedMp4InitSegment"/>:
/// no re-encoding, only a change of framing from Annex B start codes to 4-byte lengths.
/// One instance per output stream: it numbers the fragments and keeps the timeline.
/// </summary>
/// <remarks>
/// <para>
/// <b>Time.</b> A sample's decode time is its capture time on the 90 kHz clock, counted from the
/// first unit written, so the stream starts at zero and gaps (frames a slow viewer lost) stay
/// gaps. Times never go backwards: a unit captured no later than the one before is placed one
/// tick after it. Cameras here encode without B-frames, so presentation equals decode time and
/// <c>trun</c> carries no composition offsets.
/// </para>
/// <para>
/// <b>Duration.</b> A live fragment is written before the next frame exists, so a sample's
/// duration is the interval that preceded it (the first one's is <paramref name="firstDuration"/>
/// of the constructor); intervals over a second (a gap) keep the previous estimate, so one gap
/// does not stretch a picture for seconds.
/// </para>
/// <para>
/// SPS, PPS and access unit delimiters are left out of the samples: the parameter sets live in
/// the init segment's <c>avcC</c>, and a stream whose parameters change needs a new init segment.
/// </para>
/// </remarks>
public sealed class FragmentedMp4Fragmenter
{
    /// <summary>Bytes of <c>moof</c> for one sample, plus the <c>mdat</c> header.</summary>
    public const int OverheadBytes = MoofBytes + MdatHeaderBytes;

    // moof(8) + mfhd(16) + traf(8) + tfhd(16) + tfdt v1(20) + trun with one sample(12 + 4 + 4 + 12)
    private const int MoofBytes = 8 + 16 + 8 + 16 + 20 + 32;
    private const int MdatHeaderBytes = 8;
    private const int NalLengthBytes = 4;
    private const long MaxDurationEstimate = MediaClock.Rate90kHz;

    // ISO/IEC 14496-12 8.8.3.1: sample_depends_on = 2 (an I picture), or 1 and sample_is_non_sync_sample.
    private const uint SyncSampleFlags = 0x02000000;
    private const uint NonSyncSampleFlags = 0x01010000;

    // tfhd: default-base-is-moof, so trun's data offset counts from the moof (what MSE requires).
    private const uint DefaultBaseIsMoof = 0x020000;

    // trun: data-offset, sample-duration, sample-size and sample-flags present.
    private const uint TrunFlags = 0x000001 | 0x000100 | 0x000200 | 0x000400;

    private uint _sequenceNumber;
    private long _firstCapture90kHz;
    private long _lastDecodeTime = -1;
    private uint _duration;

    /// <summary>Creates the fragmenter of one output stream.</summary>
    /// <param name="firstDuration">The first sample's duration in 90 kHz units (3000 is one frame at 30 fps).</param>
    public FragmentedMp4Fragmenter(uint firstDuration = 3000)
    {
        ArgumentOutOfRangeException.ThrowIfZero(firstDuration);
        _duration = firstDuration;
    }

    /// <summary>Fragments written so far (the last <c>mfhd</c> sequence number).</summary>
    public uint FragmentCount => _sequenceNumber;

    /// <summary>The decode time (90 kHz) the last fragment carried in its <c>tfdt</c>; -1 before the first.</summary>
    public long LastDecodeTime => _lastDecodeTime;

    /// <summary>Bytes the fragment of <paramref name="annexB"/> takes.</summary>
    public static int SizeOf(ReadOnlySpan<byte> annexB) => OverheadBytes + SampleSizeOf(annexB);

    /// <summary>Writes the fragment of <paramref name="unit"/> and returns its size.</summary>
    public int Write(IBufferWriter<byte> output, AccessUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return Write(output, unit.Data.Span, unit.CaptureTimestamp, unit.IsKeyframe);
    }

    /// <summary>Writes the fragment of one Annex B access unit and returns its size.</summary>
    /// <param name="output">Where the fragment goes.</param>
    /// <param name="annexB">The access unit.</param>
    /// <param name="captureTimestamp">When it was captured, in <see cref="MediaClock"/> ticks.</param>
    /// <param name="isKeyframe">True for an IDR: the sample is marked as one a decoder can start at.</param>
    /// <exception cref="InvalidDataException">The unit holds no picture data (no NAL unit besides parameter sets and delimiters).</exception>
    public int Write(IBufferWriter<byte> output, ReadOnlySpan<byte> annexB, long captureTimestamp, bool isKeyframe)
    {
        ArgumentNullException.ThrowIfNull(output);
        var sampleSize = SampleSizeOf(annexB);
        if (sampleSize == 0)
            throw new InvalidDataException($"The access unit ({annexB.Length} bytes) holds no NAL unit to put in an MP4 sample.");

        var decodeTime = NextDecodeTime(captureTimestamp);
        var size = OverheadBytes + sampleSize;
        var destination = output.GetSpan(size)[..size];
        var box = new Mp4BoxWriter(destination);
        _sequenceNumber++;

        var moof = box.BeginBox("moof");
        var mfhd = box.BeginFullBox("mfhd", 0, 0);
        box.WriteUInt32(_sequenceNumber);
        box.EndBox(mfhd);
        var traf = box.BeginBox("traf");
        var tfhd = box.BeginFullBox("tfhd", 0, DefaultBaseIsMoof);
        box.WriteUInt32(FragmentedMp4InitSegment.TrackId);
        box.EndBox(tfhd);
        var tfdt = box.BeginFullBox("tfdt", 1, 0);
        box.WriteUInt64((ulong)decodeTime);
        box.EndBox(tfdt);
        var trun = box.BeginFullBox("trun", 0, TrunFlags);
        box.WriteUInt32(1); // sample_count
        box.WriteInt32(MoofBytes + MdatHeaderBytes); // data_offset: from the moof to the sample
        box.WriteUInt32(_duration);
        box.WriteUInt32((uint)sampleSize);
        box.WriteUInt32(isKeyframe ? SyncSampleFlags : NonSyncSampleFlags);
        box.EndBox(trun);
        box.EndBox(traf);
        box.EndBox(moof);

        var mdat = box.BeginBox("mdat");
        var sample = box.Reserve(sampleSize);
        box.EndBox(mdat);
        WriteSample(annexB, sample);

        output.Advance(size);
        return size;
    }

    private long NextDecodeTime(long captureTimestamp)
    {
        var capture90kHz = MediaClock.To90kHz(captureTimestamp);
        if (_lastDecodeTime < 0)
        {
            _firstCapture90kHz = capture90kHz;
            _lastDecodeTime = 0;
            return 0;
        }

        var decodeTime = Math.Max(capture90kHz - _firstCapture90kHz, _lastDecodeTime + 1);
        var interval = decodeTime - _lastDecodeTime;
        if (interval <= MaxDurationEstimate)
            _duration = (uint)interval;
        _lastDecodeTime = decodeTime;
        return decodeTime;
    }

    private static bool BelongsInSample(ReadOnlySpan<byte> nalUnit) =>
        nalUnit.Length > 0 && NalUnitHeader.TypeOf(nalUnit) is not (NalUnitType.Sps or NalUnitType.Pps or NalUnitType.AccessUnitDelimiter);

    private static int SampleSizeOf(ReadOnlySpan<byte> annexB)
    {
        var size = 0;
        foreach (var nalUnit in AnnexB.EnumerateNalUnits(annexB))
        {
            if (BelongsInSample(nalUnit))
                size += NalLengthBytes + nalUnit.Length;
        }
        return size;
    }

    private static void WriteSample(ReadOnlySpan<byte> annexB, Span<byte> sample)
    {
        var position = 0;
        foreach (var nalUnit in AnnexB.EnumerateNalUnits(annexB))
        {
            if (!BelongsInSample(nalUnit))
                continue;
            BinaryPrimitives.WriteUInt32BigEndian(sample[position..], (uint)nalUnit.Length);
            nalUnit.CopyTo(sample[(position + NalLengthBytes)..]);
            position += NalLengthBytes + nalUnit.Length;
        }
    }
}

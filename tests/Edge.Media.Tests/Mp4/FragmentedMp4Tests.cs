using System.Buffers;
using System.Diagnostics;
using Edge.Media.H264;
using Edge.Media.Mp4;
using Edge.Media.Tests.Support;

namespace Edge.Media.Tests.Mp4;

public sealed class FragmentedMp4Tests
{
    private static readonly H264Parameters Parameters720p =
        H264Parameters.Create(KnownParameterSets.Sps1280x720Baseline, KnownParameterSets.Pps1280x720Baseline);

    private static readonly byte[] IdrSlice = [0x65, 0x88, 0x84, 0x00, 0x33];
    private static readonly byte[] DeltaSlice = [0x41, 0x9A, 0x02, 0x04];

    [Fact]
    public void The_init_segment_describes_one_avc1_track_with_the_streams_decoder_configuration()
    {
        var init = FragmentedMp4InitSegment.Create(Parameters720p);

        Assert.Equal(["ftyp", "moov"], Mp4Box.List(init).Select(b => b.Type));
        var tkhd = Mp4Box.Find(init, "moov/trak/tkhd");
        Assert.Equal(1u, Mp4Box.UInt32At(init, tkhd.BodyOffset + 12)); // track_ID
        Assert.Equal(1280u << 16, Mp4Box.UInt32At(init, tkhd.Offset + tkhd.Size - 8));
        Assert.Equal(720u << 16, Mp4Box.UInt32At(init, tkhd.Offset + tkhd.Size - 4));
        var mdhd = Mp4Box.Find(init, "moov/trak/mdia/mdhd");
        Assert.Equal(90_000u, Mp4Box.UInt32At(init, mdhd.BodyOffset + 12));
        var trex = Mp4Box.Find(init, "moov/mvex/trex");
        Assert.Equal(1u, Mp4Box.UInt32At(init, trex.BodyOffset + 4));

        var stsd = Mp4Box.Find(init, "moov/trak/mdia/minf/stbl/stsd");
        var avc1 = Mp4Box.List(init, stsd.BodyOffset + 8, stsd.Offset + stsd.Size).Single();
        Assert.Equal("avc1", avc1.Type);
        Assert.Equal(1280, (init[avc1.BodyOffset + 24] << 8) | init[avc1.BodyOffset + 25]);
        Assert.Equal(720, (init[avc1.BodyOffset + 26] << 8) | init[avc1.BodyOffset + 27]);
        var avcC = Mp4Box.List(init, avc1.BodyOffset + 78, avc1.Offset + avc1.Size).Single();
        Assert.Equal("avcC", avcC.Type);
        Assert.Equal(Parameters720p.DecoderConfigurationRecord.ToArray(), init.AsSpan(avcC.BodyOffset, avcC.BodySize).ToArray());
    }

    [Fact]
    public void The_mime_type_names_the_profile_and_level()
    {
        Assert.Equal("video/mp4; codecs=\"avc1.42c01f\"", FragmentedMp4InitSegment.MimeType(Parameters720p));
    }

    [Fact]
    public void A_fragment_holds_the_access_unit_length_prefixed_without_parameter_sets_or_delimiters()
    {
        var unit = AnnexBOf([0x09, 0xF0], KnownParameterSets.Sps1280x720Baseline, KnownParameterSets.Pps1280x720Baseline, [0x06, 0x05, 0x01, 0xAA], IdrSlice);
        var output = new ArrayBufferWriter<byte>();

        var size = new FragmentedMp4Fragmenter().Write(output, unit, Stopwatch.GetTimestamp(), isKeyframe: true);

        var fragment = output.WrittenSpan.ToArray();
        Assert.Equal(fragment.Length, size);
        Assert.Equal(FragmentedMp4Fragmenter.SizeOf(unit), size);
        Assert.Equal(["moof", "mdat"], Mp4Box.List(fragment).Select(b => b.Type));
        var mdat = Mp4Box.Find(fragment, "mdat");
        byte[] expected = [0, 0, 0, 4, 0x06, 0x05, 0x01, 0xAA, 0, 0, 0, 5, .. IdrSlice];
        Assert.Equal(expected, fragment.AsSpan(mdat.BodyOffset, mdat.BodySize).ToArray());

        var trun = Mp4Box.Find(fragment, "moof/traf/trun");
        Assert.Equal(1u, Mp4Box.UInt32At(fragment, trun.BodyOffset + 4));
        Assert.Equal((uint)mdat.BodyOffset, Mp4Box.UInt32At(fragment, trun.BodyOffset + 8)); // data offset from the moof at 0
        Assert.Equal((uint)expected.Length, Mp4Box.UInt32At(fragment, trun.BodyOffset + 16));
    }

    [Fact]
    public void Keyframes_are_sync_samples_and_other_pictures_are_not()
    {
        var fragmenter = new FragmentedMp4Fragmenter();
        var start = Stopwatch.GetTimestamp();

        var key = Fragment(fragmenter, AnnexBOf(IdrSlice), start, isKeyframe: true);
        var delta = Fragment(fragmenter, AnnexBOf(DeltaSlice), start + (Stopwatch.Frequency / 30), isKeyframe: false);

        Assert.Equal(0x02000000u, SampleFlags(key));
        Assert.Equal(0x01010000u, SampleFlags(delta) & 0x03010000u);
        Assert.NotEqual(0u, SampleFlags(delta) & 0x00010000u); // sample_is_non_sync_sample
    }

    [Fact]
    public void Decode_times_follow_the_capture_times_on_the_90_kHz_clock_and_number_the_fragments()
    {
        var fragmenter = new FragmentedMp4Fragmenter(firstDuration: 3000);
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency; // any origin: the stream starts at zero
        long[] offsetsMs = [0, 40, 80, 200, 240];

        var fragments = offsetsMs.Select((ms, i) => Fragment(fragmenter, AnnexBOf(i == 0 ? IdrSlice : DeltaSlice),
            start + (ms * Stopwatch.Frequency / 1000), isKeyframe: i == 0)).ToList();

        Assert.Equal(offsetsMs.Select(ms => (ulong)(ms * 90)), fragments.Select(DecodeTime));
        Assert.Equal([1u, 2u, 3u, 4u, 5u], fragments.Select(f => Mp4Box.UInt32At(f, Mp4Box.Find(f, "moof/mfhd").BodyOffset + 4)));
        // Each sample lasts as long as the interval before it; the first as long as it was told.
        Assert.Equal([3000u, 3600u, 3600u, 10800u, 3600u], fragments.Select(SampleDuration));
        Assert.Equal(240 * 90, fragmenter.LastDecodeTime);
        Assert.Equal(5u, fragmenter.FragmentCount);
    }

    [Fact]
    public void Time_never_goes_backwards_and_a_gap_does_not_become_a_duration()
    {
        var fragmenter = new FragmentedMp4Fragmenter(firstDuration: 3000);
        var start = Stopwatch.GetTimestamp();

        var first = Fragment(fragmenter, AnnexBOf(IdrSlice), start, true);
        var same = Fragment(fragmenter, AnnexBOf(DeltaSlice), start, false);
        var earlier = Fragment(fragmenter, AnnexBOf(DeltaSlice), start - Stopwatch.Frequency, false);
        var afterGap = Fragment(fragmenter, AnnexBOf(IdrSlice), start + (5 * Stopwatch.Frequency), true);

        Assert.Equal([0ul, 1ul, 2ul, 450_000ul], new[] { first, same, earlier, afterGap }.Select(DecodeTime));
        Assert.Equal(1u, SampleDuration(earlier));
        Assert.Equal(1u, SampleDuration(afterGap)); // the five-second gap kept the last estimate
    }

    [Fact]
    public void A_unit_without_picture_data_is_refused_with_a_reason()
    {
        var unit = AnnexBOf(KnownParameterSets.Sps1280x720Baseline, KnownParameterSets.Pps1280x720Baseline);
        var output = new ArrayBufferWriter<byte>();

        var error = Assert.Throws<InvalidDataException>(() => new FragmentedMp4Fragmenter().Write(output, unit, 0, true));

        Assert.Contains("no NAL unit", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.WrittenCount);
    }

    private static byte[] Fragment(FragmentedMp4Fragmenter fragmenter, byte[] unit, long capture, bool isKeyframe)
    {
        var output = new ArrayBufferWriter<byte>();
        fragmenter.Write(output, unit, capture, isKeyframe);
        return output.WrittenSpan.ToArray();
    }

    private static ulong DecodeTime(byte[] fragment)
    {
        var tfdt = Mp4Box.Find(fragment, "moof/traf/tfdt");
        Assert.Equal(1, fragment[tfdt.BodyOffset]); // version 1: 64-bit time
        return Mp4Box.UInt64At(fragment, tfdt.BodyOffset + 4);
    }

    private static uint SampleDuration(byte[] fragment) => Mp4Box.UInt32At(fragment, Mp4Box.Find(fragment, "moof/traf/trun").BodyOffset + 12);

    private static uint SampleFlags(byte[] fragment) => Mp4Box.UInt32At(fragment, Mp4Box.Find(fragment, "moof/traf/trun").BodyOffset + 20);

    private static byte[] AnnexBOf(params byte[][] nalUnits) =>
        nalUnits.SelectMany(n => (byte[])[0, 0, 0, 1, .. n]).ToArray();
}

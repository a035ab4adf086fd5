using System.Buffers.Binary;
using Edge.Media.H264;
using Edge.Media.Tests.Support;

namespace Edge.Media.Tests.H264;

/// <summary>Checks the bitstream code against what the real libx264 and FFmpeg's muxers write.</summary>
public sealed class FfmpegBitstreamTests
{
    [FfmpegTheory]
    [InlineData("320x240", "25", "yuv420p", "baseline", 66, 320, 240, 25.0)]
    [InlineData("1280x720", "30", "yuv420p", "main", 77, 1280, 720, 30.0)]
    [InlineData("1920x1080", "30000/1001", "yuv420p", "high", 100, 1920, 1080, 29.97003)]
    [InlineData("642x362", "24", "yuv420p", "high", 100, 642, 362, 24.0)]
    [InlineData("640x480", "15", "yuv422p", "high422", 122, 640, 480, 15.0)]
    [InlineData("322x242", "25", "yuv444p", "high444", 244, 322, 242, 25.0)]
    [InlineData("320x240", "60", "gray", "high", 100, 320, 240, 60.0)]
    public void Parses_the_sps_libx264_writes(
        string size, string rate, string pixelFormat, string profile, int profileIdc, int width, int height, double fps)
    {
        var stream = Ffmpeg.EncodeTestSource(size, rate, 3, "h264", "-pix_fmt", pixelFormat, "-profile:v", profile);

        var units = Nal.SplitAnnexB(stream);
        var spsUnit = units.First(u => Nal.Type(u) == 7);
        var sps = SequenceParameterSet.Parse(spsUnit);

        Assert.Equal(profileIdc, sps.ProfileIdc);
        Assert.Equal(width, sps.Width);
        Assert.Equal(height, sps.Height);
        Assert.Equal(fps, sps.FrameRate!.Value, 4);
        Assert.Equal(pixelFormat switch { "yuv422p" => 2, "yuv444p" => 3, "gray" => 0, _ => 1 }, sps.ChromaFormatIdc);
        Assert.StartsWith($"{profileIdc:x2}", sps.ProfileLevelId, StringComparison.Ordinal);
    }

    [FfmpegTheory]
    [InlineData("720x576", 720, 576)]
    [InlineData("1920x1080", 1920, 1080)]
    public void Parses_an_interlaced_sps(string size, int width, int height)
    {
        var stream = Ffmpeg.EncodeTestSource(size, "25", 2, "h264", "-pix_fmt", "yuv420p", "-flags", "+ildct+ilme", "-x264-params", "interlaced=1");

        var sps = SequenceParameterSet.Parse(Nal.SplitAnnexB(stream).First(u => Nal.Type(u) == 7));

        Assert.False(sps.FrameMbsOnly);
        Assert.Equal((width, height), (sps.Width, sps.Height));
    }

    [FfmpegFact]
    public void Parses_a_10_bit_sps()
    {
        byte[] stream;
        try
        {
            stream = Ffmpeg.EncodeTestSource("320x240", "25", 2, "h264", "-pix_fmt", "yuv420p10le", "-profile:v", "high10");
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("10", StringComparison.Ordinal) && !Ffmpeg.IsCi)
        {
            return; // a libx264 built for 8-bit only
        }

        var sps = SequenceParameterSet.Parse(Nal.SplitAnnexB(stream).First(u => Nal.Type(u) == 7));

        Assert.Equal(110, sps.ProfileIdc);
        Assert.Equal(10, sps.BitDepthLuma);
        Assert.Equal(10, sps.BitDepthChroma);
    }

    [FfmpegFact]
    public void Enumerates_the_same_units_as_a_plain_scan_of_an_encoded_stream()
    {
        var stream = Ffmpeg.EncodeTestSource("320x240", "25", 10, "h264", "-pix_fmt", "yuv420p");

        var units = new List<byte[]>();
        foreach (var nal in AnnexB.EnumerateNalUnits(stream))
            units.Add(nal.ToArray());

        Assert.Equal(Nal.SplitAnnexB(stream), units);
        Assert.Equal(7, Nal.Type(units[0]));
        Assert.Equal(8, Nal.Type(units[1]));
        Assert.Contains(units, u => Nal.Type(u) == 5);
        Assert.Equal(9, units.Count(u => Nal.Type(u) == 1));
    }

    [FfmpegFact]
    public void Builds_the_same_sequence_header_as_ffmpegs_flv_muxer()
    {
        foreach (var profile in (string[])["baseline", "main", "high"])
        {
            var flv = Ffmpeg.EncodeTestSource("640x360", "30", 5, "flv", "-pix_fmt", "yuv420p", "-profile:v", profile);
            var annexB = ToAnnexB(flv);
            Assert.True(AnnexB.TryFindParameterSets(annexB, out var sps, out var pps));

            var ours = AvcDecoderConfigurationRecord.Create(sps, pps).ToArray();

            var (sequenceHeader, _) = ReadFlvVideoTags(flv);
            Assert.Equal(Convert.ToHexString(sequenceHeader), Convert.ToHexString(ours));
            var parsed = AvcDecoderConfigurationRecord.Parse(sequenceHeader);
            Assert.Equal(sps.ToArray(), Assert.Single(parsed.SequenceParameterSets));
        }
    }

    [FfmpegFact]
    public void Converts_ffmpegs_avcc_samples_to_the_same_slices_as_its_annex_b()
    {
        var flv = Ffmpeg.EncodeTestSource("320x240", "25", 12, "flv", "-pix_fmt", "yuv420p", "-g", "5");
        var annexB = ToAnnexB(flv);
        var (_, samples) = ReadFlvVideoTags(flv);

        var fromFlv = new List<byte[]>();
        foreach (var sample in samples)
        {
            var converted = new byte[AnnexB.GetLengthFromAvcc(sample)];
            AnnexB.FromAvcc(sample, converted);
            Assert.Equal(sample.Length, AnnexB.GetAvccLength(converted)); // and back to the same size
            var again = new byte[sample.Length];
            AnnexB.ToAvcc(converted, again);
            Assert.Equal(sample, again);
            fromFlv.AddRange(Nal.SplitAnnexB(converted).Where(u => Nal.Type(u) is 1 or 5));
        }

        var original = Nal.SplitAnnexB(annexB).Where(u => Nal.Type(u) is 1 or 5).ToList();
        Assert.Equal(12, original.Count);
        Assert.Equal(original, fromFlv);
    }

    /// <summary>FFmpeg's own conversion of an FLV's AVCC samples to Annex B (SPS/PPS put before each IDR).</summary>
    private static byte[] ToAnnexB(byte[] flv) =>
        Ffmpeg.Transcode(flv, "flv", "-c", "copy", "-bsf:v", "h264_mp4toannexb", "-f", "h264");

    /// <summary>Reads an FLV file's AVC sequence header and its AVCC video samples (FLV spec, E.4.3).</summary>
    private static (byte[] SequenceHeader, List<byte[]> Samples) ReadFlvVideoTags(byte[] flv)
    {
        Assert.Equal("FLV"u8.ToArray(), flv[..3]);
        var position = (int)BinaryPrimitives.ReadUInt32BigEndian(flv.AsSpan(5)) + 4;
        byte[]? sequenceHeader = null;
        var samples = new List<byte[]>();
        while (position + 11 <= flv.Length)
        {
            var type = flv[position];
            var size = (flv[position + 1] << 16) | (flv[position + 2] << 8) | flv[position + 3];
            var data = flv.AsSpan(position + 11, size);
            if (type == 9 && (data[0] & 0x0F) == 7)
            {
                if (data[1] == 0)
                    sequenceHeader = data[5..].ToArray();
                else if (data[1] == 1)
                    samples.Add(data[5..].ToArray());
            }

            position += 11 + size + 4;
        }

        return (sequenceHeader ?? throw new InvalidDataException("no AVC sequence header in the FLV"), samples);
    }
}

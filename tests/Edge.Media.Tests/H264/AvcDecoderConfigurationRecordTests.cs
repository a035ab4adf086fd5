using Edge.Media.H264;
using Edge.Media.Tests.Support;

namespace Edge.Media.Tests.H264;

public sealed class AvcDecoderConfigurationRecordTests
{
    [Fact]
    public void Builds_a_baseline_record_without_the_high_profile_fields()
    {
        var sps = KnownParameterSets.Sps1280x720Baseline;
        var pps = KnownParameterSets.Pps1280x720Baseline;

        var bytes = AvcDecoderConfigurationRecord.Create(sps, pps).ToArray();

        byte[] expected =
        [
            1, 0x42, 0xC0, 0x1F, 0xFF, 0xE1, 0, (byte)sps.Length, .. sps,
            1, 0, (byte)pps.Length, .. pps,
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Builds_a_high_profile_record_with_chroma_format_and_bit_depths()
    {
        var sps = KnownParameterSets.Sps1920x1080High;
        var pps = KnownParameterSets.Pps1920x1080High;

        var record = AvcDecoderConfigurationRecord.Create(sps, pps);
        var bytes = record.ToArray();

        Assert.Equal(record.Size, bytes.Length);
        Assert.Equal([1, 0x64, 0x00, 0x28, 0xFF, 0xE1], bytes[..6]);
        Assert.Equal([0xFD, 0xF8, 0xF8, 0x00], bytes[^4..]); // 4:2:0, 8-bit luma and chroma, no SPS extensions
    }

    [Fact]
    public void Parses_back_what_it_built()
    {
        var record = AvcDecoderConfigurationRecord.Create(KnownParameterSets.Sps1920x1080High, KnownParameterSets.Pps1920x1080High);

        var parsed = AvcDecoderConfigurationRecord.Parse(record.ToArray());

        Assert.Equal(100, parsed.ProfileIndication);
        Assert.Equal(0, parsed.ProfileCompatibility);
        Assert.Equal(40, parsed.LevelIndication);
        Assert.Equal(4, parsed.NalUnitLengthSize);
        Assert.Equal(KnownParameterSets.Sps1920x1080High, Assert.Single(parsed.SequenceParameterSets));
        Assert.Equal(KnownParameterSets.Pps1920x1080High, Assert.Single(parsed.PictureParameterSets));
        Assert.Equal(1, parsed.ChromaFormat);
        Assert.Equal(8, parsed.BitDepthLuma);
        Assert.Equal(8, parsed.BitDepthChroma);
        Assert.Equal(record.ToArray(), parsed.ToArray());
    }

    [Fact]
    public void Parses_a_record_with_several_parameter_sets_and_short_lengths()
    {
        byte[] bytes = [1, 0x4D, 0x40, 0x1E, 0xFD, 0xE2, 0, 2, 0x67, 1, 0, 3, 0x67, 2, 3, 2, 0, 1, 0x68, 0, 2, 0x68, 9];

        var parsed = AvcDecoderConfigurationRecord.Parse(bytes);

        Assert.Equal(2, parsed.NalUnitLengthSize);
        Assert.Equal(2, parsed.SequenceParameterSets.Count);
        Assert.Equal([0x67, 2, 3], parsed.SequenceParameterSets[1]);
        Assert.Equal(2, parsed.PictureParameterSets.Count);
        Assert.Null(parsed.ChromaFormat);
        Assert.Equal(bytes, parsed.ToArray());
    }

    [Theory]
    [InlineData("01640028")]
    [InlineData("02640028FFE1000167010168")]
    [InlineData("01640028FEE1000167010168")]
    [InlineData("01640028FFE100056701")]
    [InlineData("01640028FFE3000167")]
    [InlineData("01640028FFE1000167")]
    [InlineData("01640028FFE100016701000568")]
    public void Rejects_malformed_records(string hex)
    {
        Assert.Throws<InvalidDataException>(() => AvcDecoderConfigurationRecord.Parse(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Rejects_a_pps_that_is_not_one()
    {
        Assert.Throws<InvalidDataException>(() => AvcDecoderConfigurationRecord.Create(KnownParameterSets.Sps1920x1080High, [0x65, 1]));
    }

    [Fact]
    public void Random_and_truncated_records_throw_only_invalid_data()
    {
        var random = new Random(99);
        var valid = AvcDecoderConfigurationRecord.Create(KnownParameterSets.Sps1920x1080High, KnownParameterSets.Pps1920x1080High).ToArray();
        for (var iteration = 0; iteration < 20000; iteration++)
        {
            byte[] data;
            if (iteration % 2 == 0)
            {
                data = valid[..random.Next(0, valid.Length + 1)];
                if (data.Length > 0)
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
            }
            else
            {
                data = new byte[random.Next(0, 24)];
                random.NextBytes(data);
                if (data.Length > 0)
                    data[0] = 1;
            }

            try
            {
                AvcDecoderConfigurationRecord.Parse(data);
            }
            catch (InvalidDataException)
            {
            }
        }
    }
}

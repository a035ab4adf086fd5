using Edge.Media.H264;
using Edge.Media.Tests.Support;

namespace Edge.Media.Tests.H264;

public sealed class SequenceParameterSetTests
{
    [Fact]
    public void Parses_a_constrained_baseline_720p_sps()
    {
        var sps = SequenceParameterSet.Parse(KnownParameterSets.Sps1280x720Baseline);

        Assert.Equal(66, sps.ProfileIdc);
        Assert.Equal(0xC0, sps.ConstraintFlags);
        Assert.True(sps.HasConstraint(0));
        Assert.True(sps.HasConstraint(1));
        Assert.False(sps.HasConstraint(2));
        Assert.Equal(31, sps.LevelIdc);
        Assert.Equal(0, sps.SeqParameterSetId);
        Assert.Equal(1, sps.ChromaFormatIdc);
        Assert.Equal(1280, sps.Width);
        Assert.Equal(720, sps.Height);
        Assert.Equal(1280, sps.CodedWidth);
        Assert.Equal(720, sps.CodedHeight);
        Assert.True(sps.FrameMbsOnly);
        Assert.Equal(30.0, sps.FrameRate);
        Assert.Equal("42c01f", sps.ProfileLevelId);
    }

    [Fact]
    public void Parses_a_high_profile_1080p_sps_with_cropping()
    {
        var sps = SequenceParameterSet.Parse(KnownParameterSets.Sps1920x1080High);

        Assert.Equal(100, sps.ProfileIdc);
        Assert.Equal(40, sps.LevelIdc);
        Assert.Equal(1, sps.ChromaFormatIdc);
        Assert.Equal(8, sps.BitDepthLuma);
        Assert.Equal(1920, sps.Width);
        Assert.Equal(1080, sps.Height);
        Assert.Equal(1088, sps.CodedHeight);
        Assert.Equal(30.0, sps.FrameRate);
        Assert.Equal(1u, sps.NumUnitsInTick);
        Assert.Equal(60u, sps.TimeScale);
        Assert.Equal("640028", sps.ProfileLevelId);
    }

    [Fact]
    public void Parses_a_main_profile_1080p_sps()
    {
        var sps = SequenceParameterSet.Parse(KnownParameterSets.Sps1920x1080Main);

        Assert.Equal(77, sps.ProfileIdc);
        Assert.Equal((1920, 1080), (sps.Width, sps.Height));
        Assert.Equal(25.0, sps.FrameRate);
        Assert.Equal("4d4028", sps.ProfileLevelId);
    }

    [Fact]
    public void Parses_an_ntsc_frame_rate()
    {
        var sps = SequenceParameterSet.Parse(KnownParameterSets.Sps640x360High);

        Assert.Equal((640, 360), (sps.Width, sps.Height));
        Assert.Equal(1001u, sps.NumUnitsInTick);
        Assert.Equal(60000u, sps.TimeScale);
        Assert.Equal(30000.0 / 1001, sps.FrameRate!.Value, 6);
    }

    [Fact]
    public void Formats_the_profile_level_id_from_the_raw_bytes()
    {
        var sps = SequenceParameterSet.Parse(new SpsBuilder { ProfileIdc = 66, ConstraintFlags = 0xE0, LevelIdc = 31 }.Build());

        Assert.Equal("42e01f", sps.ProfileLevelId);
    }

    [Theory]
    [InlineData(1u, true, 1280, 720, 0u, 0u, 0u, 0u, 1280, 720)]
    [InlineData(1u, true, 1920, 1088, 0u, 0u, 0u, 4u, 1920, 1080)]       // 4:2:0: crop units of 2 rows
    [InlineData(1u, false, 1920, 1088, 0u, 0u, 0u, 2u, 1920, 1080)]      // fields: crop units of 4 rows
    [InlineData(2u, true, 1920, 1088, 0u, 0u, 0u, 8u, 1920, 1080)]       // 4:2:2: crop units of 1 row, 2 columns
    [InlineData(3u, true, 1920, 1088, 1u, 1u, 0u, 8u, 1918, 1080)]       // 4:4:4: crop units of 1 sample
    [InlineData(0u, true, 640, 480, 2u, 2u, 1u, 1u, 636, 478)]           // monochrome: crop units of 1 sample
    [InlineData(1u, true, 656, 496, 4u, 4u, 4u, 4u, 640, 480)]
    public void Crops_in_the_units_the_chroma_format_and_field_coding_give(
        uint chroma, bool frameMbsOnly, int codedWidth, int codedHeight,
        uint left, uint right, uint top, uint bottom, int width, int height)
    {
        var builder = new SpsBuilder
        {
            ChromaFormatIdc = chroma,
            FrameMbsOnly = frameMbsOnly,
            WidthInMbs = (uint)codedWidth / 16,
            HeightInMapUnits = (uint)codedHeight / 16 / (frameMbsOnly ? 1u : 2u),
            Crop = (left, right, top, bottom),
        };

        var sps = SequenceParameterSet.Parse(builder.Build());

        Assert.Equal(codedWidth, sps.CodedWidth);
        Assert.Equal(codedHeight, sps.CodedHeight);
        Assert.Equal(width, sps.Width);
        Assert.Equal(height, sps.Height);
        Assert.Equal(frameMbsOnly, sps.FrameMbsOnly);
        Assert.Equal((int)chroma, sps.ChromaFormatIdc);
    }

    [Fact]
    public void Separate_colour_planes_crop_in_single_samples()
    {
        var sps = SequenceParameterSet.Parse(new SpsBuilder
        {
            ChromaFormatIdc = 3,
            SeparateColourPlane = true,
            WidthInMbs = 80,
            HeightInMapUnits = 45,
            Crop = (0, 2, 0, 2),
        }.Build());

        Assert.True(sps.SeparateColourPlane);
        Assert.Equal((1278, 718), (sps.Width, sps.Height));
    }

    [Fact]
    public void Skips_scaling_matrices_and_poc_type_1_cycles()
    {
        var sps = SequenceParameterSet.Parse(new SpsBuilder
        {
            ProfileIdc = 100,
            ScalingLists = true,
            PicOrderCntType = 1,
            BitDepthLumaMinus8 = 2,
            BitDepthChromaMinus8 = 2,
            WidthInMbs = 120,
            HeightInMapUnits = 68,
            Crop = (0, 0, 0, 4),
            Vui = true,
            Timing = (1, 50),
        }.Build());

        Assert.Equal(1, sps.PicOrderCountType);
        Assert.Equal(10, sps.BitDepthLuma);
        Assert.Equal(10, sps.BitDepthChroma);
        Assert.Equal((1920, 1080), (sps.Width, sps.Height));
        Assert.Equal(25.0, sps.FrameRate);
    }

    [Fact]
    public void Skips_scaling_matrices_of_4_4_4()
    {
        var sps = SequenceParameterSet.Parse(new SpsBuilder
        {
            ProfileIdc = 244,
            ChromaFormatIdc = 3,
            ScalingLists = true,
            Vui = true,
            Timing = (1001, 48000),
        }.Build());

        Assert.Equal(3, sps.ChromaFormatIdc);
        Assert.Equal((1280, 720), (sps.Width, sps.Height));
        Assert.Equal(24000.0 / 1001, sps.FrameRate!.Value, 6);
    }

    [Fact]
    public void Reads_timing_after_every_optional_vui_field()
    {
        var sps = SequenceParameterSet.Parse(new SpsBuilder
        {
            ProfileIdc = 77,
            Vui = true,
            VuiExtendedSar = true,
            VuiColour = true,
            Timing = (1, 120),
        }.Build());

        Assert.True(sps.HasVui);
        Assert.Equal(60.0, sps.FrameRate);
    }

    [Fact]
    public void Has_no_frame_rate_without_timing_info()
    {
        Assert.Null(SequenceParameterSet.Parse(new SpsBuilder().Build()).FrameRate);
        Assert.Null(SequenceParameterSet.Parse(new SpsBuilder { Vui = true }.Build()).FrameRate);
        Assert.Null(SequenceParameterSet.Parse(new SpsBuilder { Vui = true, Timing = (0, 50) }.Build()).FrameRate);
    }

    [Fact]
    public void Keeps_the_picture_size_when_the_vui_is_cut_short()
    {
        var full = KnownParameterSets.Sps1920x1080High;

        var sps = SequenceParameterSet.Parse(full.AsSpan(0, full.Length - 6));

        Assert.Equal((1920, 1080), (sps.Width, sps.Height));
        Assert.Null(sps.FrameRate);
    }

    [Fact]
    public void Rejects_what_is_not_an_sps()
    {
        var ex = Assert.Throws<InvalidDataException>(() => SequenceParameterSet.Parse(KnownParameterSets.Pps1920x1080High));
        Assert.Contains("type 8", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => SequenceParameterSet.Parse([]));
    }

    [Fact]
    public void Rejects_out_of_range_values_with_the_field_name()
    {
        var ex = Assert.Throws<InvalidDataException>(() => SequenceParameterSet.Parse(new SpsBuilder { SpsId = 32 }.Build()));
        Assert.Contains("seq_parameter_set_id", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<InvalidDataException>(() => SequenceParameterSet.Parse(new SpsBuilder { Crop = (0, 0, 0, 400) }.Build()));
        Assert.Contains("cropping", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_real_sps_parses_or_throws_invalid_data()
    {
        foreach (var full in KnownParameterSets.AllSps)
        {
            for (var length = 0; length <= full.Length; length++)
            {
                try
                {
                    var sps = SequenceParameterSet.Parse(full.AsSpan(0, length));
                    Assert.True(sps.Width > 0 && sps.Height > 0);
                }
                catch (InvalidDataException)
                {
                }
            }
        }
    }

    [Fact]
    public void Random_and_mutated_input_throws_only_invalid_data()
    {
        var random = new Random(1234);
        var seeds = KnownParameterSets.AllSps.ToArray();
        var parsed = 0;
        for (var iteration = 0; iteration < 30000; iteration++)
        {
            byte[] data;
            if (iteration % 3 == 0)
            {
                data = new byte[random.Next(0, 40)];
                random.NextBytes(data);
                if (data.Length > 0 && random.Next(2) == 0)
                    data[0] = 0x67;
            }
            else
            {
                data = (byte[])seeds[random.Next(seeds.Length)].Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                    data[random.Next(1, data.Length)] ^= (byte)(1 << random.Next(8));
                if (random.Next(2) == 0)
                    data = data[..random.Next(1, data.Length + 1)];
            }

            try
            {
                var sps = SequenceParameterSet.Parse(data);
                Assert.InRange(sps.Width, 1, 1 << 16);
                Assert.InRange(sps.Height, 1, 1 << 17);
                Assert.Equal(6, sps.ProfileLevelId.Length);
                parsed++;
            }
            catch (InvalidDataException)
            {
            }
        }

        Assert.True(parsed > 1000, $"only {parsed} mutated SPS parsed; the test no longer reaches the deep fields");
    }
}

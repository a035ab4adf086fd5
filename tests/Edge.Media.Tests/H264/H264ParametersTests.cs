using Edge.Media.H264;
using Edge.Media.Tests.Support;

namespace Edge.Media.Tests.H264;

public sealed class H264ParametersTests
{
    [Fact]
    public void Derives_what_sdp_and_rtmp_need()
    {
        var parameters = H264Parameters.Create(KnownParameterSets.Sps1280x720Baseline, KnownParameterSets.Pps1280x720Baseline);

        Assert.Equal("Z0LAH9kAUAW7ARAAAAMAEAAAAwPA8YMkgA==,aMuDyyA=", parameters.SpropParameterSets);
        Assert.Equal("42c01f", parameters.ProfileLevelId);
        Assert.Equal((1280, 720), (parameters.SequenceParameterSet.Width, parameters.SequenceParameterSet.Height));
        Assert.Equal(KnownParameterSets.Sps1280x720Baseline, parameters.Sps.ToArray());
        Assert.Equal(KnownParameterSets.Pps1280x720Baseline, parameters.Pps.ToArray());
        Assert.Equal(
            AvcDecoderConfigurationRecord.Create(KnownParameterSets.Sps1280x720Baseline, KnownParameterSets.Pps1280x720Baseline).ToArray(),
            parameters.DecoderConfigurationRecord.ToArray());
    }

    [Fact]
    public void Sprop_parameter_sets_decode_back_to_the_units()
    {
        var parameters = H264Parameters.Create(KnownParameterSets.Sps1920x1080High, KnownParameterSets.Pps1920x1080High);

        var parts = parameters.SpropParameterSets.Split(',');

        Assert.Equal(KnownParameterSets.Sps1920x1080High, Convert.FromBase64String(parts[0]));
        Assert.Equal(KnownParameterSets.Pps1920x1080High, Convert.FromBase64String(parts[1]));
    }

    [Fact]
    public void Finds_the_parameter_sets_in_an_access_unit()
    {
        var unit = Nal.AnnexB([0x09, 0x10], KnownParameterSets.Sps1920x1080High, KnownParameterSets.Pps1920x1080High, [0x65, 0x88, 0x84]);

        Assert.True(H264Parameters.TryCreate(unit, out var parameters));
        Assert.True(parameters.Matches(KnownParameterSets.Sps1920x1080High, KnownParameterSets.Pps1920x1080High));
        Assert.False(parameters.Matches(KnownParameterSets.Sps1920x1080Main, KnownParameterSets.Pps1920x1080High));
        Assert.False(H264Parameters.TryCreate(Nal.AnnexB([0x41, 0x9A]), out _));
    }

    [Fact]
    public void Rejects_swapped_units()
    {
        Assert.Throws<InvalidDataException>(() => H264Parameters.Create(KnownParameterSets.Pps1920x1080High, KnownParameterSets.Sps1920x1080High));
        Assert.Throws<InvalidDataException>(() => H264Parameters.Create(KnownParameterSets.Sps1920x1080High, KnownParameterSets.Sps1920x1080High));
    }
}

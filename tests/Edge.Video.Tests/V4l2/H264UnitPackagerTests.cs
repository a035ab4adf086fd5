using Edge.Media;
using Edge.Video.Encoders;
using Edge.Video.Sources.V4l2;

namespace Edge.Video.Tests.V4l2;

/// <summary>H.264 from devices (camera passthrough, M2M encoders) made publishable: keyframe = IDR, SPS/PPS before every IDR.</summary>
public class H264UnitPackagerTests
{
    private static readonly byte[] Sps = [0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x1E, 0xDA];
    private static readonly byte[] Pps = [0, 0, 0, 1, 0x68, 0xCE, 0x3C, 0x80];
    private static readonly byte[] Idr = [0, 0, 0, 1, 0x65, 0x88, 0x84, 0x21];
    private static readonly byte[] Slice = [0, 0, 1, 0x41, 0x9A, 0x02];
    private static readonly byte[] Sei = [0, 0, 0, 1, 0x06, 0x05, 0x01, 0x80];

    [Fact]
    public void An_IDR_with_its_parameter_sets_passes_unchanged_and_is_a_keyframe()
    {
        var packager = new H264UnitPackager();
        var unit = packager.Package([.. Sps, .. Pps, .. Idr], 1234, 7)!;
        try
        {
            Assert.True(unit.IsKeyframe);
            Assert.Equal([.. Sps, .. Pps, .. Idr], unit.Data.ToArray());
            Assert.Equal(1234, unit.CaptureTimestamp);
            Assert.Equal(7, unit.FrameNumber);
            Assert.Equal(MediaClock.To90kHz(1234), unit.Pts90kHz);
        }
        finally
        {
            unit.Release();
        }
    }

    [Fact]
    public void Parameter_sets_sent_once_are_put_before_every_later_IDR()
    {
        var packager = new H264UnitPackager();
        packager.Package([.. Sps, .. Pps, .. Idr], 1, 1)!.Release();
        var p = packager.Package(Slice, 2, 2)!;
        Assert.False(p.IsKeyframe);
        Assert.Equal(Slice, p.Data.ToArray());
        p.Release();

        var idr = packager.Package(Idr, 3, 3)!;
        Assert.True(idr.IsKeyframe);
        Assert.Equal([.. Sps, .. Pps, .. Idr], idr.Data.ToArray());
        idr.Release();
        Assert.Equal(0, packager.IdrsWithoutParameterSets);
    }

    [Fact]
    public void A_buffer_of_parameter_sets_alone_is_swallowed_and_used_for_the_next_IDR()
    {
        // bcm2835-codec's first CAPTURE buffer holds only SPS and PPS.
        var packager = new H264UnitPackager();
        Assert.Null(packager.Package([.. Sps, .. Pps], 1, 1));
        Assert.Null(packager.Package(Sei, 1, 1));
        var idr = packager.Package([.. Sei, .. Idr], 2, 2)!;
        Assert.Equal([.. Sps, .. Pps, .. Sei, .. Idr], idr.Data.ToArray());
        idr.Release();
    }

    [Fact]
    public void An_IDR_before_any_parameter_sets_is_counted()
    {
        var packager = new H264UnitPackager();
        var idr = packager.Package(Idr, 1, 1)!;
        Assert.True(idr.IsKeyframe);
        Assert.Equal(Idr, idr.Data.ToArray());
        idr.Release();
        Assert.Equal(1, packager.IdrsWithoutParameterSets);
    }
}

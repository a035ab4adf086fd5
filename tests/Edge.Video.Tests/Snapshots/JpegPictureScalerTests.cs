using Edge.Video.Snapshots;

namespace Edge.Video.Tests.Snapshots;

public sealed class JpegPictureScalerTests
{
    private static readonly byte[] Identity = [.. Enumerable.Range(0, 256).Select(i => (byte)i)];

    [Fact]
    public void Each_target_sample_is_the_rounded_mean_of_the_source_samples_it_covers()
    {
        // 4x2 → 2x1: the left 2x2 block and the right one.
        byte[] source = [10, 20, 100, 101, 30, 41, 102, 104];
        var target = new byte[2];

        JpegPictureScaler.Scale(source, 4, 4, 2, target, 2, 2, 1, Identity);

        Assert.Equal([25, 102], target); // (10+20+30+41)/4 = 25.25; (100+101+102+104)/4 = 101.75
    }

    [Fact]
    public void A_size_that_does_not_divide_evenly_covers_every_source_sample_once()
    {
        // 6 columns to 4: spans of 1, 2, 1, 2 columns.
        byte[] source = [0, 60, 120, 180, 240, 250];
        var target = new byte[4];

        JpegPictureScaler.Scale(source, 6, 6, 1, target, 4, 4, 1, Identity);

        Assert.Equal([0, 90, 180, 245], target);
    }

    [Fact]
    public void Limited_range_becomes_full_range()
    {
        using var frame = Frame(64, 36, y: 16, u: 16, v: 240);
        var y = new byte[64 * 36];
        var u = new byte[32 * 18];
        var v = new byte[32 * 18];

        JpegPictureScaler.ScalePlane(frame, 0, 64, 36, y, 64);
        JpegPictureScaler.ScalePlane(frame, 1, 64, 36, u, 32);
        JpegPictureScaler.ScalePlane(frame, 2, 64, 36, v, 32);

        Assert.All(y, s => Assert.Equal(0, s));
        Assert.All(u, s => Assert.Equal(0, s));
        Assert.All(v, s => Assert.Equal(255, s));

        using var white = Frame(64, 36, y: 235, u: 128, v: 128);
        JpegPictureScaler.ScalePlane(white, 0, 32, 18, y, 32);
        JpegPictureScaler.ScalePlane(white, 1, 32, 18, u, 16);
        Assert.All(y.AsSpan(0, 32 * 18).ToArray(), s => Assert.Equal(255, s));
        Assert.All(u.AsSpan(0, 16 * 9).ToArray(), s => Assert.Equal(128, s)); // no colour stays no colour
    }

    [Theory]
    [InlineData(128, 72)] // larger than the picture
    [InlineData(63, 36)] // odd
    [InlineData(0, 36)]
    public void Refuses_sizes_it_cannot_make(int width, int height)
    {
        using var frame = Frame(64, 36, 100, 128, 128);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => JpegPictureScaler.ScalePlane(frame, 0, width, height, new byte[256 * 256], 256));
        Assert.Contains("64x36", error.Message, StringComparison.Ordinal);
    }

    private static VideoFrame Frame(int width, int height, byte y, byte u, byte v)
    {
        var frame = new VideoFramePool(width, height, 1).Rent();
        frame.PlaneY.Fill(y);
        frame.PlaneU.Fill(u);
        frame.PlaneV.Fill(v);
        return frame;
    }
}

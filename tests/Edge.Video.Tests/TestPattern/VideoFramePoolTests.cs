namespace Edge.Video.Tests.TestPattern;

public class VideoFramePoolTests
{
    [Fact]
    public void Frames_have_aligned_strides_and_I420_planes()
    {
        var pool = new VideoFramePool(642, 362, 1, strideAlignment: 64);
        using var frame = pool.Rent();
        Assert.Equal(704, frame.StrideY);
        Assert.Equal(384, frame.StrideUV);
        Assert.Equal(704 * 362, frame.PlaneY.Length);
        Assert.Equal(384 * 181, frame.PlaneU.Length);
        Assert.Equal(384 * 181, frame.PlaneV.Length);
    }

    [Fact]
    public void The_pool_is_bounded_and_reuses_returned_frames()
    {
        var pool = new VideoFramePool(64, 48, 2);
        Assert.True(pool.TryRent(out var first));
        Assert.True(pool.TryRent(out var second));
        Assert.False(pool.TryRent(out _));
        Assert.Throws<InvalidOperationException>(() => pool.Rent());

        first.Dispose();
        Assert.True(pool.TryRent(out var again));
        Assert.Same(first, again);
        again.Dispose();
        second.Dispose();
    }

    [Fact]
    public void A_returned_frame_cannot_be_used_or_returned_again()
    {
        var pool = new VideoFramePool(64, 48, 1);
        var frame = pool.Rent();
        frame.Dispose();
        Assert.Throws<ObjectDisposedException>(() => frame.PlaneY.Length);
        Assert.Throws<InvalidOperationException>(frame.Dispose);
    }

    [Theory]
    [InlineData(0, 48)]
    [InlineData(63, 48)]
    [InlineData(64, 47)]
    [InlineData(10_000, 48)]
    public void Odd_or_out_of_range_sizes_are_refused(int width, int height) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoFramePool(width, height, 1));
}

using Edge.Snapshots;
using Edge.Video;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Tests.Snapshots;

public sealed class RawFrameTapTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly VideoFramePool _camera = new(64, 36, 2);

    [Fact]
    public async Task A_snapshot_gets_a_copy_of_the_next_frame_and_the_camera_keeps_its_own()
    {
        var tap = new RawFrameTap();
        using var attached = tap.Attach();
        Assert.True(tap.IsAttached);

        using (var before = Frame(1, 10))
            tap.Offer(before); // nobody asked: nothing copied

        var taking = tap.TakeAsync(Bound, TimeProvider.System, CancellationToken.None);
        using var offered = Frame(2, 200);
        tap.Offer(offered);
        using var copy = await taking.WaitAsync(Bound);

        Assert.NotSame(offered, copy);
        Assert.Equal((64, 36, 2L, 2_000L), (copy.Width, copy.Height, copy.FrameNumber, copy.CaptureTimestamp));
        Assert.All(copy.PlaneY.ToArray(), s => Assert.Equal(200, s));
        Assert.All(copy.PlaneU.ToArray(), s => Assert.Equal(201, s));
        Assert.All(copy.PlaneV.ToArray(), s => Assert.Equal(202, s));
        offered.PlaneY.Fill(0);
        Assert.Equal(200, copy.PlaneY[0]); // the camera may reuse its frame at once
    }

    [Fact]
    public async Task A_camera_that_sends_nothing_times_out_and_a_late_frame_is_not_lost_from_the_pool()
    {
        var time = new FakeTimeProvider();
        var tap = new RawFrameTap();

        var taking = tap.TakeAsync(TimeSpan.FromSeconds(3), time, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(3));
        await Assert.ThrowsAsync<TimeoutException>(() => taking.WaitAsync(Bound));

        // Frames after the timeout are not copied, and later snapshots still get theirs.
        using (var late = Frame(3, 50))
            tap.Offer(late);
        for (var i = 0; i < 5; i++)
        {
            var next = tap.TakeAsync(Bound, TimeProvider.System, CancellationToken.None);
            using (var frame = Frame(4 + i, 60))
                tap.Offer(frame);
            using var copy = await next.WaitAsync(Bound);
            Assert.Equal(4 + i, copy.FrameNumber);
        }
    }

    [Fact]
    public void Attachment_lasts_until_its_handle_is_disposed_once()
    {
        var tap = new RawFrameTap();
        var first = tap.Attach();
        var second = tap.Attach();
        first.Dispose();
        first.Dispose();
        Assert.True(tap.IsAttached);
        second.Dispose();
        Assert.False(tap.IsAttached);
    }

    private VideoFrame Frame(long number, byte luma)
    {
        var frame = _camera.Rent();
        frame.FrameNumber = number;
        frame.CaptureTimestamp = number * 1000;
        frame.PlaneY.Fill(luma);
        frame.PlaneU.Fill((byte)(luma + 1));
        frame.PlaneV.Fill((byte)(luma + 2));
        return frame;
    }
}

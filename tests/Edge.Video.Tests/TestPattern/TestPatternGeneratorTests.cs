using System.Diagnostics;
using Edge.Video.Sources.TestPattern;
using Xunit.Abstractions;
using Edge.Media;

namespace Edge.Video.Tests.TestPattern;

public class TestPatternGeneratorTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(160, 120)]
    [InlineData(320, 240)]
    [InlineData(642, 362)]
    [InlineData(1280, 720)]
    [InlineData(1920, 1080)]
    public void Frames_carry_their_number_and_capture_time(int width, int height)
    {
        var generator = new TestPatternGenerator(width, height);
        var pool = new VideoFramePool(width, height, 1);
        foreach (var number in new long[] { 0, 1, 2, 63, 64, 1000, 99_999 })
        {
            using var frame = pool.Rent();
            frame.FrameNumber = number;
            frame.CaptureTimestamp = Stopwatch.GetTimestamp();
            generator.Render(frame);

            Assert.True(BurnedInCode.TryRead(frame.PlaneY, width, height, frame.StrideY, out var readNumber, out var readMicros));
            Assert.Equal(number, readNumber);
            Assert.Equal(MediaClock.ToMicroseconds(frame.CaptureTimestamp) & BurnedInCode.CaptureMicrosMask, readMicros);
        }
    }

    [Fact]
    public void The_same_frame_number_draws_the_same_picture_and_the_next_one_moves()
    {
        var generator = new TestPatternGenerator(320, 240);
        var pool = new VideoFramePool(320, 240, 3);
        using var a = pool.Rent();
        using var b = pool.Rent();
        using var c = pool.Rent();
        a.FrameNumber = b.FrameNumber = 10;
        c.FrameNumber = 11;
        a.CaptureTimestamp = b.CaptureTimestamp = c.CaptureTimestamp = 1_000_000;
        a.PlaneY.Fill(1);
        b.PlaneY.Fill(2);
        foreach (var frame in new[] { a, b, c })
            generator.Render(frame);

        Assert.True(Visible(a).SequenceEqual(Visible(b)));
        Assert.True(a.PlaneU.SequenceEqual(b.PlaneU));

        // Outside the stamp, frame 11 differs from frame 10 in the moving box and the scrolling gradient.
        var changed = 0;
        var luma10 = Visible(a);
        var luma11 = Visible(c);
        for (var i = 0; i < luma10.Length; i++)
        {
            if (luma10[i] != luma11[i])
                changed++;
        }

        Assert.InRange(changed, luma10.Length / 20, luma10.Length);
    }

    [Fact]
    public void Chroma_under_the_stamp_is_neutral()
    {
        var generator = new TestPatternGenerator(1280, 720);
        using var frame = new VideoFramePool(1280, 720, 1).Rent();
        generator.Render(frame);
        var block = BurnedInCode.GetBlockSize(1280, 720);
        for (var y = 0; y < BurnedInCode.Rows * block / 2; y++)
        {
            Assert.All(frame.PlaneU.Slice(y * frame.StrideUV, BurnedInCode.Columns * block / 2).ToArray(), v => Assert.Equal(128, v));
            Assert.All(frame.PlaneV.Slice(y * frame.StrideUV, BurnedInCode.Columns * block / 2).ToArray(), v => Assert.Equal(128, v));
        }
    }

    [Fact]
    public void A_720p_frame_takes_well_under_5_ms()
    {
        var generator = new TestPatternGenerator(1280, 720);
        var pool = new VideoFramePool(1280, 720, 1);
        for (var i = 0; i < 20; i++)
        {
            using var warm = pool.Rent();
            warm.FrameNumber = i;
            generator.Render(warm);
        }

        const int Frames = 300;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Frames; i++)
        {
            using var frame = pool.Rent();
            frame.FrameNumber = i;
            frame.CaptureTimestamp = started;
            generator.Render(frame);
        }

        var perFrame = Stopwatch.GetElapsedTime(started) / Frames;
        output.WriteLine($"1280x720 test pattern: {perFrame.TotalMilliseconds:F3} ms per frame");
        Assert.True(perFrame < TimeSpan.FromMilliseconds(5), $"{perFrame.TotalMilliseconds:F3} ms per frame");
    }

    private static byte[] Visible(VideoFrame frame)
    {
        var luma = new byte[frame.Width * frame.Height];
        for (var y = 0; y < frame.Height; y++)
            frame.PlaneY.Slice(y * frame.StrideY, frame.Width).CopyTo(luma.AsSpan(y * frame.Width));
        return luma;
    }
}

using Edge.Video.Sources.TestPattern;

namespace Edge.Video.Tests.TestPattern;

public class BurnedInCodeTests
{
    public static TheoryData<int, int> Sizes => new()
    {
        { 64, 28 }, { 130, 58 }, { 160, 120 }, { 320, 240 }, { 640, 360 }, { 640, 480 }, { 1280, 720 }, { 1920, 1080 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Stamp_reads_back_exactly_at_every_size(int width, int height)
    {
        var pool = new VideoFramePool(width, height, 1);
        using var frame = pool.Rent();
        frame.PlaneY.Fill(100);
        long[] numbers = [0, 1, 4242, uint.MaxValue];
        long[] micros = [0, 1, 123_456_789_012, BurnedInCode.CaptureMicrosMask];
        foreach (var number in numbers)
        {
            foreach (var time in micros)
            {
                Assert.True(BurnedInCode.Write(frame, number, time));
                Assert.True(BurnedInCode.TryRead(frame.PlaneY, width, height, frame.StrideY, out var readNumber, out var readMicros));
                Assert.Equal(number, readNumber);
                Assert.Equal(time, readMicros);
            }
        }
    }

    [Fact]
    public void Fields_keep_their_low_bits()
    {
        using var frame = new VideoFramePool(320, 240, 1).Rent();
        Assert.True(BurnedInCode.Write(frame, (1L << 40) + 7, (5L << 48) + 99));
        Assert.True(BurnedInCode.TryRead(frame.PlaneY, 320, 240, frame.StrideY, out var number, out var micros));
        Assert.Equal(7, number);
        Assert.Equal(99, micros);
    }

    [Fact]
    public void Flipping_any_single_block_is_rejected()
    {
        const int Width = 320, Height = 240;
        using var frame = new VideoFramePool(Width, Height, 1).Rent();
        Assert.True(BurnedInCode.Write(frame, 123_456, 987_654_321));
        var block = BurnedInCode.GetBlockSize(Width, Height);
        var original = frame.PlaneY.ToArray();

        for (var row = 0; row < BurnedInCode.Rows; row++)
        {
            for (var column = 0; column < BurnedInCode.Columns; column++)
            {
                original.CopyTo(frame.PlaneY);
                var at = row * block * frame.StrideY + column * block;
                var flipped = frame.PlaneY[at] > 128 ? (byte)16 : (byte)235;
                for (var y = 0; y < block; y++)
                    frame.PlaneY.Slice(at + y * frame.StrideY, block).Fill(flipped);

                Assert.False(BurnedInCode.TryRead(frame.PlaneY, Width, Height, frame.StrideY, out _, out _), $"block ({column}, {row}) flipped but accepted");
            }
        }
    }

    [Fact]
    public void Pictures_without_a_stamp_are_rejected()
    {
        var luma = new byte[320 * 240];
        Assert.False(BurnedInCode.TryRead(luma, 320, 240, 320, out _, out _));
        Array.Fill(luma, (byte)128);
        Assert.False(BurnedInCode.TryRead(luma, 320, 240, 320, out _, out _));
        new Random(7).NextBytes(luma);
        Assert.False(BurnedInCode.TryRead(luma, 320, 240, 320, out _, out _));
    }

    [Fact]
    public void Stamp_survives_strong_noise()
    {
        const int Width = 640, Height = 360;
        using var frame = new VideoFramePool(Width, Height, 1).Rent();
        Assert.True(BurnedInCode.Write(frame, 31_337, 42_000_000));
        var random = new Random(1);
        var luma = frame.PlaneY;
        for (var i = 0; i < luma.Length; i++)
            luma[i] = (byte)Math.Clamp(luma[i] + random.Next(-70, 71), 0, 255);

        Assert.True(BurnedInCode.TryRead(luma, Width, Height, frame.StrideY, out var number, out var micros));
        Assert.Equal(31_337, number);
        Assert.Equal(42_000_000, micros);
    }

    [Fact]
    public void Too_small_pictures_carry_no_stamp()
    {
        Assert.Equal(0, BurnedInCode.GetBlockSize(62, 28));
        using var frame = new VideoFramePool(62, 28, 1).Rent();
        Assert.False(BurnedInCode.Write(frame, 1, 1));
        Assert.False(BurnedInCode.TryRead(frame.PlaneY, 62, 28, frame.StrideY, out _, out _));
    }

    [Fact]
    public void Short_buffers_are_rejected_not_overrun()
    {
        Assert.False(BurnedInCode.TryRead(new byte[100], 320, 240, 320, out _, out _));
        Assert.False(BurnedInCode.TryRead(new byte[320 * 240], 320, 240, 100, out _, out _));
    }
}

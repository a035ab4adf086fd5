using Edge.Video.Conversion;

namespace Edge.Video.Tests.Conversion;

public class PlanarYuvConverterTests
{
    [Fact]
    public void Full_range_maps_onto_limited_range_within_one_level_of_the_exact_scale()
    {
        var frame = new VideoFramePool(256, 2, 1).Rent();
        var y = new byte[256 * 2];
        var c = new byte[128 * 2];
        for (var i = 0; i < 256; i++)
            y[i] = y[256 + i] = (byte)i;

        // Chroma: 4:2:2 rows with equal values average to themselves; sample 2k and 2k+1 of the ramp.
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < 128; i++)
                c[i] = c[128 + i] = (byte)(2 * i + pass);
            var picture = new PlanarYuvPicture(ChromaSampling.Yuv422, fullRange: true, 256, 2, y, 256, c, 128, c, 128);
            PlanarYuvConverter.ToI420(picture, frame);
            for (var i = 0; i < 128; i++)
            {
                var value = 2 * i + pass;
                var exact = 128 + (value - 128) * 224.0 / 255;
                Assert.InRange(frame.PlaneU[i], Math.Round(exact) - 1, Math.Round(exact) + 1);
                Assert.Equal(frame.PlaneU[i], frame.PlaneV[i]);
            }
        }

        for (var i = 0; i < 256; i++)
        {
            var exact = 16 + i * 219.0 / 255;
            Assert.InRange(frame.PlaneY[i], Math.Round(exact) - 1, Math.Round(exact) + 1);
        }

        Assert.Equal((16, 235), (frame.PlaneY[0], frame.PlaneY[255]));
        frame.Dispose();

        // The chroma ends and centre land exactly.
        using var small = new VideoFramePool(6, 2, 1).Rent();
        byte[] chroma = [0, 128, 255];
        var grey = new byte[12];
        PlanarYuvConverter.ToI420(new PlanarYuvPicture(ChromaSampling.Yuv420, true, 6, 2, grey, 6, chroma, 3, chroma, 3), small);
        Assert.Equal([16, 128, 240], small.PlaneU[..3].ToArray());
    }

    [Theory]
    [InlineData(ChromaSampling.Yuv420, true)]
    [InlineData(ChromaSampling.Yuv420, false)]
    [InlineData(ChromaSampling.Yuv422, true)]
    [InlineData(ChromaSampling.Yuv422, false)]
    [InlineData(ChromaSampling.Yuv444, true)]
    [InlineData(ChromaSampling.Yuv444, false)]
    [InlineData(ChromaSampling.Yuv440, true)]
    [InlineData(ChromaSampling.Yuv440, false)]
    [InlineData(ChromaSampling.Gray, true)]
    [InlineData(ChromaSampling.Gray, false)]
    public void Every_sampling_and_range_matches_the_reference_arithmetic_at_every_width(ChromaSampling sampling, bool fullRange)
    {
        var random = new Random((int)sampling * 2 + (fullRange ? 1 : 0));
        // Widths that exercise the vector bodies, their tails and the scalar-only case.
        foreach (var (width, height) in new[] { (2, 2), (6, 4), (30, 2), (34, 6), (64, 4), (98, 2), (1282, 4) })
        {
            var chromaWidth = sampling is ChromaSampling.Yuv420 or ChromaSampling.Yuv422 ? width / 2 : sampling == ChromaSampling.Gray ? 0 : width;
            var chromaHeight = sampling is ChromaSampling.Yuv420 or ChromaSampling.Yuv440 ? height / 2 : sampling == ChromaSampling.Gray ? 0 : height;
            var strideY = width + 13;
            var strideC = chromaWidth + 7;
            var y = Random(random, strideY * height);
            var u = Random(random, strideC * chromaHeight);
            var v = Random(random, strideC * chromaHeight);

            using var frame = new VideoFramePool(width, height, 1).Rent();
            PlanarYuvConverter.ToI420(new PlanarYuvPicture(sampling, fullRange, width, height, y, strideY, u, strideC, v, strideC), frame);

            for (var row = 0; row < height; row++)
            {
                for (var x = 0; x < width; x++)
                {
                    var expected = fullRange ? ((y[row * strideY + x] * 220 + 128) >> 8) + 16 : y[row * strideY + x];
                    Assert.True(expected == frame.PlaneY[row * frame.StrideY + x], $"{width}x{height} Y({x},{row})");
                }
            }

            for (var row = 0; row < height / 2; row++)
            {
                for (var x = 0; x < width / 2; x++)
                {
                    Assert.True(ExpectedChroma(u, strideC, sampling, fullRange, x, row) == frame.PlaneU[row * frame.StrideUV + x], $"{width}x{height} U({x},{row})");
                    Assert.True(ExpectedChroma(v, strideC, sampling, fullRange, x, row) == frame.PlaneV[row * frame.StrideUV + x], $"{width}x{height} V({x},{row})");
                }
            }
        }
    }

    [Fact]
    public void Wrong_sizes_and_short_planes_are_refused_with_the_numbers()
    {
        using var frame = new VideoFramePool(64, 32, 1).Rent();
        var plane = new byte[64 * 32];
        var chroma = new byte[32 * 32];

        var size = Assert.Throws<ArgumentException>(() =>
            PlanarYuvConverter.ToI420(new PlanarYuvPicture(ChromaSampling.Yuv422, true, 32, 32, plane, 32, chroma, 16, chroma, 16), frame));
        Assert.StartsWith("The picture is 32x32, the frame 64x32.", size.Message, StringComparison.Ordinal);

        var shortChroma = Assert.Throws<ArgumentException>(() =>
            PlanarYuvConverter.ToI420(new PlanarYuvPicture(ChromaSampling.Yuv444, true, 64, 32, plane, 64, chroma, 64, chroma, 64), frame));
        Assert.StartsWith("The Cb plane holds 1024 bytes, 2048 needed for 32 rows of 64.", shortChroma.Message, StringComparison.Ordinal);

        var pitch = Assert.Throws<ArgumentException>(() =>
            PlanarYuvConverter.ToI420(new PlanarYuvPicture(ChromaSampling.Yuv420, true, 64, 32, plane, 60, chroma, 32, chroma, 32), frame));
        Assert.StartsWith("The luma pitch 60 is shorter than a row of 64 samples.", pitch.Message, StringComparison.Ordinal);
    }

    private static int ExpectedChroma(byte[] plane, int stride, ChromaSampling sampling, bool fullRange, int x, int row)
    {
        int At(int column, int line) => plane[line * stride + column];
        var average = sampling switch
        {
            ChromaSampling.Yuv420 => At(x, row),
            ChromaSampling.Yuv422 => (At(x, 2 * row) + At(x, 2 * row + 1) + 1) >> 1,
            ChromaSampling.Yuv444 => (At(2 * x, 2 * row) + At(2 * x + 1, 2 * row) + At(2 * x, 2 * row + 1) + At(2 * x + 1, 2 * row + 1) + 2) >> 2,
            ChromaSampling.Yuv440 => (At(2 * x, row) + At(2 * x + 1, row) + 1) >> 1,
            _ => -1,
        };
        if (average < 0)
            return 128;
        return fullRange ? (average * 225 + 4096) >> 8 : average;
    }

    private static byte[] Random(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

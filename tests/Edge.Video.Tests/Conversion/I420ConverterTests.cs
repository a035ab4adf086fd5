using Edge.Video.Conversion;
using Edge.Video.Sources.V4l2;

namespace Edge.Video.Tests.Conversion;

public class I420ConverterTests
{
    private static readonly FourCC Uyvy = FourCC.Parse("UYVY");
    private static readonly FourCC Nv21 = FourCC.Parse("NV21");

    [Fact]
    public void Yuyv_2x2_becomes_two_luma_rows_and_averaged_chroma()
    {
        // Row 0: Y0=10 U=100 Y1=20 V=200; row 1: Y0=30 U=110 Y1=40 V=211. Pitch 6 (2 bytes padding).
        byte[] yuyv = [10, 100, 20, 200, 0xEE, 0xEE, 30, 110, 40, 211, 0xEE, 0xEE];
        using var frame = Convert(FourCC.Yuyv, yuyv, bytesPerLine: 6, 2, 2);
        Assert.Equal([10, 20], Row(frame.PlaneY, frame.StrideY, 0, 2));
        Assert.Equal([30, 40], Row(frame.PlaneY, frame.StrideY, 1, 2));
        Assert.Equal(105, frame.PlaneU[0]);
        Assert.Equal(206, frame.PlaneV[0]); // (200 + 211 + 1) / 2, rounded
    }

    [Fact]
    public void Uyvy_2x2_reads_luma_from_the_odd_bytes()
    {
        byte[] uyvy = [100, 10, 200, 20, 110, 30, 210, 40];
        using var frame = Convert(Uyvy, uyvy, bytesPerLine: 4, 2, 2);
        Assert.Equal([10, 20], Row(frame.PlaneY, frame.StrideY, 0, 2));
        Assert.Equal([30, 40], Row(frame.PlaneY, frame.StrideY, 1, 2));
        Assert.Equal(105, frame.PlaneU[0]);
        Assert.Equal(205, frame.PlaneV[0]);
    }

    [Fact]
    public void Nv12_4x2_with_padded_rows_splits_the_chroma_pairs()
    {
        // Pitch 6: 4 luma + 2 padding; one chroma row of 2 pairs.
        byte[] nv12 =
        [
            1, 2, 3, 4, 0xEE, 0xEE,
            5, 6, 7, 8, 0xEE, 0xEE,
            50, 60, 51, 61, 0xEE, 0xEE,
        ];
        using var frame = Convert(FourCC.Nv12, nv12, bytesPerLine: 6, 4, 2);
        Assert.Equal([1, 2, 3, 4], Row(frame.PlaneY, frame.StrideY, 0, 4));
        Assert.Equal([5, 6, 7, 8], Row(frame.PlaneY, frame.StrideY, 1, 4));
        Assert.Equal([50, 51], Row(frame.PlaneU, frame.StrideUV, 0, 2));
        Assert.Equal([60, 61], Row(frame.PlaneV, frame.StrideUV, 0, 2));
    }

    [Fact]
    public void Nv21_swaps_the_chroma()
    {
        byte[] nv21 = [1, 2, 3, 4, 5, 6, 7, 8, 60, 50, 61, 51];
        using var frame = Convert(Nv21, nv21, bytesPerLine: 4, 4, 2);
        Assert.Equal([50, 51], Row(frame.PlaneU, frame.StrideUV, 0, 2));
        Assert.Equal([60, 61], Row(frame.PlaneV, frame.StrideUV, 0, 2));
    }

    [Fact]
    public void Yu12_and_Yv12_copy_planes_at_half_pitch_chroma()
    {
        // 4x2, pitch 8: luma rows of 8, chroma rows of 4 (2 used).
        byte[] yu12 =
        [
            1, 2, 3, 4, 0, 0, 0, 0,
            5, 6, 7, 8, 0, 0, 0, 0,
            40, 41, 0, 0,
            90, 91, 0, 0,
        ];
        using (var frame = Convert(FourCC.Yu12, yu12, bytesPerLine: 8, 4, 2))
        {
            Assert.Equal([5, 6, 7, 8], Row(frame.PlaneY, frame.StrideY, 1, 4));
            Assert.Equal([40, 41], Row(frame.PlaneU, frame.StrideUV, 0, 2));
            Assert.Equal([90, 91], Row(frame.PlaneV, frame.StrideUV, 0, 2));
        }

        using (var frame = Convert(FourCC.Yv12, yu12, bytesPerLine: 8, 4, 2))
        {
            Assert.Equal([90, 91], Row(frame.PlaneU, frame.StrideUV, 0, 2));
            Assert.Equal([40, 41], Row(frame.PlaneV, frame.StrideUV, 0, 2));
        }
    }

    // Widths that use the vector body, the scalar tail, or both, against a plain reference.
    [Theory]
    [InlineData("YUYV", 64, 4, 0)]
    [InlineData("YUYV", 70, 6, 12)]
    [InlineData("YUYV", 2, 2, 0)]
    [InlineData("UYVY", 96, 4, 8)]
    [InlineData("NV12", 64, 4, 0)]
    [InlineData("NV12", 38, 6, 26)]
    [InlineData("NV21", 48, 2, 16)]
    [InlineData("YU12", 40, 4, 24)]
    [InlineData("YV12", 32, 2, 0)]
    public void Conversions_match_the_reference_on_random_pictures(string code, int width, int height, int padding)
    {
        var format = FourCC.Parse(code);
        var pitch = I420Converter.MinimumBytesPerLine(format, width) + padding;
        var source = new byte[I420Converter.RequiredBytes(format, pitch, height)];
        new Random(width * 31 + height).NextBytes(source);

        using var frame = Convert(format, source, pitch, width, height);
        var (y, u, v) = Reference(format, source, pitch, width, height);
        for (var row = 0; row < height; row++)
            Assert.Equal(y[(row * width)..((row + 1) * width)], Row(frame.PlaneY, frame.StrideY, row, width));
        for (var row = 0; row < height / 2; row++)
        {
            Assert.Equal(u[(row * width / 2)..((row + 1) * width / 2)], Row(frame.PlaneU, frame.StrideUV, row, width / 2));
            Assert.Equal(v[(row * width / 2)..((row + 1) * width / 2)], Row(frame.PlaneV, frame.StrideUV, row, width / 2));
        }
    }

    [Theory]
    [InlineData(false, 64, 4, 64, 4)]
    [InlineData(false, 40, 6, 64, 16)] // padded pitch and padded plane height, as bcm2835-codec sets
    [InlineData(true, 64, 4, 64, 4)]
    [InlineData(true, 70, 2, 96, 2)]
    public void FromI420_writes_device_layouts_that_ToI420_reads_back(bool nv12, int width, int height, int pitch, int planeHeight)
    {
        var pool = new VideoFramePool(width, height, 2);
        using var original = pool.Rent();
        var random = new Random(7);
        random.NextBytes(original.PlaneY);
        random.NextBytes(original.PlaneU);
        random.NextBytes(original.PlaneV);

        var format = nv12 ? FourCC.Nv12 : FourCC.Yu12;
        var device = new byte[I420Converter.RequiredBytes(format, pitch, planeHeight)];
        var written = I420Converter.FromI420(original, device, pitch, planeHeight, nv12);
        Assert.Equal(device.Length, written);

        // Read back as a picture of planeHeight rows, then compare the visible part.
        var tall = new VideoFramePool(width, planeHeight, 1);
        using var back = tall.Rent();
        I420Converter.ToI420(format, device, pitch, back);
        for (var row = 0; row < height; row++)
            Assert.Equal(Row(original.PlaneY, original.StrideY, row, width), Row(back.PlaneY, back.StrideY, row, width));
        for (var row = 0; row < height / 2; row++)
        {
            Assert.Equal(Row(original.PlaneU, original.StrideUV, row, width / 2), Row(back.PlaneU, back.StrideUV, row, width / 2));
            Assert.Equal(Row(original.PlaneV, original.StrideUV, row, width / 2), Row(back.PlaneV, back.StrideUV, row, width / 2));
        }
    }

    [Fact]
    public void A_short_buffer_or_pitch_is_refused_with_the_sizes()
    {
        var pool = new VideoFramePool(4, 2, 1);
        using var frame = pool.Rent();
        var short1 = Assert.Throws<ArgumentException>(() => I420Converter.ToI420(FourCC.Yuyv, new byte[15], 8, frame));
        Assert.Contains("16 needed", short1.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => I420Converter.ToI420(FourCC.Yuyv, new byte[64], 6, frame));
        Assert.Throws<NotSupportedException>(() => I420Converter.ToI420(FourCC.Mjpeg, new byte[64], 8, frame));
    }

    [Fact]
    public void Supported_formats_are_the_raw_ones()
    {
        Assert.True(I420Converter.CanConvert(FourCC.Yuyv));
        Assert.True(I420Converter.CanConvert(FourCC.Nv12));
        Assert.True(I420Converter.CanConvert(FourCC.Yu12));
        Assert.False(I420Converter.CanConvert(FourCC.Mjpeg));
        Assert.False(I420Converter.CanConvert(FourCC.H264));
    }

    private static VideoFrame Convert(FourCC format, byte[] source, int bytesPerLine, int width, int height)
    {
        var pool = new VideoFramePool(width, height, 1);
        var frame = pool.Rent();
        frame.PlaneY.Fill(0xCC);
        frame.PlaneU.Fill(0xCC);
        frame.PlaneV.Fill(0xCC);
        I420Converter.ToI420(format, source, bytesPerLine, frame);
        return frame;
    }

    private static byte[] Row(Span<byte> plane, int stride, int row, int width) => plane.Slice(row * stride, width).ToArray();

    // Straightforward per-pixel definitions of each layout.
    private static (byte[] Y, byte[] U, byte[] V) Reference(FourCC format, byte[] s, int pitch, int width, int height)
    {
        var y = new byte[width * height];
        var u = new byte[width / 2 * (height / 2)];
        var v = new byte[width / 2 * (height / 2)];
        var code = format.ToString();
        for (var row = 0; row < height; row++)
        {
            for (var col = 0; col < width; col++)
            {
                y[row * width + col] = code switch
                {
                    "YUYV" => s[row * pitch + 2 * col],
                    "UYVY" => s[row * pitch + 2 * col + 1],
                    _ => s[row * pitch + col],
                };
            }
        }

        for (var row = 0; row < height / 2; row++)
        {
            for (var col = 0; col < width / 2; col++)
            {
                var at = row * (width / 2) + col;
                switch (code)
                {
                    case "YUYV":
                    case "UYVY":
                        var cb = code == "YUYV" ? 1 : 0;
                        var cr = code == "YUYV" ? 3 : 2;
                        var r0 = 2 * row * pitch + 4 * col;
                        var r1 = (2 * row + 1) * pitch + 4 * col;
                        u[at] = (byte)((s[r0 + cb] + s[r1 + cb] + 1) >> 1);
                        v[at] = (byte)((s[r0 + cr] + s[r1 + cr] + 1) >> 1);
                        break;
                    case "NV12":
                    case "NV21":
                        var c = pitch * height + row * pitch + 2 * col;
                        u[at] = s[c + (code == "NV12" ? 0 : 1)];
                        v[at] = s[c + (code == "NV12" ? 1 : 0)];
                        break;
                    default:
                        var first = pitch * height + row * (pitch / 2) + col;
                        var second = first + (pitch / 2) * (height / 2);
                        u[at] = s[code == "YU12" ? first : second];
                        v[at] = s[code == "YU12" ? second : first];
                        break;
                }
            }
        }

        return (y, u, v);
    }
}

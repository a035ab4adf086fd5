using Edge.Video.Sources.V4l2;

namespace Edge.Video.Conversion;

/// <summary>
/// Converts the raw layouts V4L2 cameras deliver into the I420 <see cref="VideoFrame"/>s the
/// encoders take, and I420 into the layouts V4L2 encoders take. Every source row is read at the
/// device's <c>bytesperline</c>, every destination row written at the frame's stride.
/// </summary>
/// <remarks>
/// Layouts follow the V4L2 single-buffer definitions: YU12/YV12 are a Y plane of
/// <c>bytesperline × height</c>, then two chroma planes of <c>bytesperline/2 × height/2</c>;
/// NV12/NV21 a Y plane, then one interleaved chroma plane of <c>bytesperline × height/2</c>;
/// YUYV/UYVY one packed plane. 4:2:2 chroma is averaged over each pair of rows. The row loops
/// use 128-bit vectors where the hardware has them (x86-64, arm64) and plain loops otherwise;
/// nothing is allocated.
/// </remarks>
public static class I420Converter
{
    /// <summary>The formats <see cref="ToI420"/> accepts.</summary>
    public static IReadOnlyList<FourCC> SupportedSourceFormats { get; } =
        [FourCC.Nv12, FourCC.Yu12, FourCC.Yuyv, new FourCC(0x59565955) /* UYVY */, FourCC.Yv12, new FourCC(0x3132564e) /* NV21 */];

    /// <summary>True when <see cref="ToI420"/> handles <paramref name="format"/>.</summary>
    public static bool CanConvert(FourCC format) => SupportedSourceFormats.Contains(format);

    /// <summary>Bytes a picture of this format needs at the given row pitch.</summary>
    public static long RequiredBytes(FourCC format, int bytesPerLine, int height) => format.Value switch
    {
        0x56595559 or 0x59565955 => (long)bytesPerLine * height, // YUYV, UYVY
        0x3231564e or 0x3132564e => (long)bytesPerLine * height + ((long)bytesPerLine * (height / 2)), // NV12, NV21
        0x32315559 or 0x32315659 => (long)bytesPerLine * height + (2L * (bytesPerLine / 2) * (height / 2)), // YU12, YV12
        _ => throw new NotSupportedException($"Pixel format {format} cannot be converted to I420."),
    };

    /// <summary>The smallest <c>bytesperline</c> a row of this format needs.</summary>
    public static int MinimumBytesPerLine(FourCC format, int width) =>
        format.Value is 0x56595559 or 0x59565955 ? width * 2 : width;

    /// <summary>
    /// Converts one picture of <paramref name="format"/> (rows <paramref name="bytesPerLine"/>
    /// apart) into <paramref name="destination"/>, whose size is the picture's size.
    /// </summary>
    /// <exception cref="ArgumentException">The source is shorter than the format needs, or the pitch is too small.</exception>
    public static void ToI420(FourCC format, ReadOnlySpan<byte> source, int bytesPerLine, VideoFrame destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var width = destination.Width;
        var height = destination.Height;
        if (bytesPerLine < MinimumBytesPerLine(format, width))
            throw new ArgumentException($"{format}: bytesperline {bytesPerLine} is too small for {width} pixels.", nameof(bytesPerLine));
        var required = RequiredBytes(format, bytesPerLine, height);
        if (source.Length < required)
            throw new ArgumentException($"{format} {width}x{height}: the buffer holds {source.Length} bytes, {required} needed.", nameof(source));

        var y = destination.PlaneY;
        var u = destination.PlaneU;
        var v = destination.PlaneV;
        var strideY = destination.StrideY;
        var strideUV = destination.StrideUV;
        switch (format.Value)
        {
            case 0x56595559: // YUYV
                PackedToI420(source, bytesPerLine, width, height, lumaFirst: true, y, strideY, u, v, strideUV);
                break;
            case 0x59565955: // UYVY
                PackedToI420(source, bytesPerLine, width, height, lumaFirst: false, y, strideY, u, v, strideUV);
                break;
            case 0x3231564e: // NV12
                SemiPlanarToI420(source, bytesPerLine, width, height, y, strideY, u, v, strideUV);
                break;
            case 0x3132564e: // NV21: CrCb
                SemiPlanarToI420(source, bytesPerLine, width, height, y, strideY, v, u, strideUV);
                break;
            case 0x32315559: // YU12
                PlanarToI420(source, bytesPerLine, width, height, swapChroma: false, y, strideY, u, v, strideUV);
                break;
            default: // YV12
                PlanarToI420(source, bytesPerLine, width, height, swapChroma: true, y, strideY, u, v, strideUV);
                break;
        }
    }

    /// <summary>
    /// Writes an I420 frame as YU12 (or NV12 with <paramref name="nv12"/>) into a device buffer
    /// whose rows are <paramref name="bytesPerLine"/> apart and whose luma plane is
    /// <paramref name="planeHeight"/> rows tall (the height the driver set, which may be padded
    /// beyond the picture). Returns the bytes the layout occupies.
    /// </summary>
    public static int FromI420(VideoFrame source, Span<byte> destination, int bytesPerLine, int planeHeight, bool nv12)
    {
        ArgumentNullException.ThrowIfNull(source);
        var width = source.Width;
        var height = source.Height;
        if (bytesPerLine < width || planeHeight < height)
            throw new ArgumentException($"A {bytesPerLine}-byte pitch with {planeHeight} rows cannot hold a {width}x{height} picture.", nameof(bytesPerLine));
        var lumaSize = bytesPerLine * planeHeight;
        var total = (int)RequiredBytes(nv12 ? FourCC.Nv12 : FourCC.Yu12, bytesPerLine, planeHeight);
        if (destination.Length < total)
            throw new ArgumentException($"The device buffer holds {destination.Length} bytes, {total} needed.", nameof(destination));

        CopyPlane(source.PlaneY, source.StrideY, destination, bytesPerLine, width, height);
        if (nv12)
        {
            var uv = destination[lumaSize..];
            var u = source.PlaneU;
            var v = source.PlaneV;
            for (var row = 0; row < height / 2; row++)
            {
                Interleave(u.Slice(row * source.StrideUV, width / 2), v.Slice(row * source.StrideUV, width / 2), uv.Slice(row * bytesPerLine, width));
            }
        }
        else
        {
            var chromaPitch = bytesPerLine / 2;
            var chromaSize = chromaPitch * (planeHeight / 2);
            CopyPlane(source.PlaneU, source.StrideUV, destination[lumaSize..], chromaPitch, width / 2, height / 2);
            CopyPlane(source.PlaneV, source.StrideUV, destination[(lumaSize + chromaSize)..], chromaPitch, width / 2, height / 2);
        }

        return total;
    }

    private static void PackedToI420(ReadOnlySpan<byte> source, int pitch, int width, int height, bool lumaFirst,
        Span<byte> y, int strideY, Span<byte> u, Span<byte> v, int strideUV)
    {
        for (var row = 0; row < height; row += 2)
        {
            var row0 = source.Slice(row * pitch, width * 2);
            var row1 = source.Slice((row + 1) * pitch, width * 2);
            RowKernels.PackedRowPair(row0, row1, y.Slice(row * strideY, width), y.Slice((row + 1) * strideY, width),
                u.Slice(row / 2 * strideUV, width / 2), v.Slice(row / 2 * strideUV, width / 2), lumaFirst);
        }
    }

    private static void SemiPlanarToI420(ReadOnlySpan<byte> source, int pitch, int width, int height,
        Span<byte> y, int strideY, Span<byte> first, Span<byte> second, int strideUV)
    {
        CopyPlane(source, pitch, y, strideY, width, height);
        var chroma = source[(pitch * height)..];
        for (var row = 0; row < height / 2; row++)
            RowKernels.Deinterleave(chroma.Slice(row * pitch, width), first.Slice(row * strideUV, width / 2), second.Slice(row * strideUV, width / 2));
    }

    private static void PlanarToI420(ReadOnlySpan<byte> source, int pitch, int width, int height, bool swapChroma,
        Span<byte> y, int strideY, Span<byte> u, Span<byte> v, int strideUV)
    {
        CopyPlane(source, pitch, y, strideY, width, height);
        var chromaPitch = pitch / 2;
        var chromaSize = chromaPitch * (height / 2);
        var first = source[(pitch * height)..];
        var second = first[chromaSize..];
        CopyPlane(swapChroma ? second : first, chromaPitch, u, strideUV, width / 2, height / 2);
        CopyPlane(swapChroma ? first : second, chromaPitch, v, strideUV, width / 2, height / 2);
    }

    private static void CopyPlane(ReadOnlySpan<byte> source, int sourcePitch, Span<byte> destination, int destinationPitch, int width, int rows)
    {
        if (sourcePitch == destinationPitch && sourcePitch == width)
        {
            source[..(width * rows)].CopyTo(destination);
            return;
        }

        for (var row = 0; row < rows; row++)
            source.Slice(row * sourcePitch, width).CopyTo(destination.Slice(row * destinationPitch, width));
    }

    private static void Interleave(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination) =>
        RowKernels.Interleave(first, second, destination);
}

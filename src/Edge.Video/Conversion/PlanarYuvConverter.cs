namespace Edge.Video.Conversion;

/// <summary>
/// Converts planar YUV pictures as decoders hand them out (JPEG's 4:2:0, 4:2:2, 4:4:4, 4:4:0 and
/// greyscale, in full or limited range) into the limited-range I420 <see cref="VideoFrame"/>s the
/// encoders take. Nothing is allocated.
/// </summary>
/// <remarks>
/// <para><b>Chroma.</b> 4:2:2 is reduced to 4:2:0 by averaging each pair of rows (as the YUYV path
/// of <see cref="I420Converter"/> does), 4:4:0 by averaging each pair of columns, 4:4:4 by averaging
/// each 2×2 block; a greyscale picture gets neutral chroma (128).</para>
/// <para><b>Range.</b> JPEG samples are full range (JFIF: Y, Cb and Cr all 0–255), while every
/// other Edge source delivers limited range (Y 16–235, Cb/Cr 16–240) and the encoders are never
/// told a frame's range. Full-range pictures are therefore scaled into limited range here, rather
/// than passed on with the encoder told to mark the stream full range. Marking would need a range
/// on every frame and every backend to honour it (libavcodec's <c>color_range</c>, the V4L2 M2M
/// encoders' quantization, which not all of them carry into the H.264 VUI), and many players and
/// NVRs ignore <c>video_full_range_flag</c> and would show a washed-out or crushed picture; one
/// camera would also stream differently from all the others. Scaling keeps one convention end to
/// end. It costs 256 → 220 luma levels, invisible after H.264 quantization at streaming bitrates,
/// and one multiply per sample in a pass that touches every chroma sample anyway. Limited-range
/// pictures (FFmpeg's mjpeg decoder gives those for JPEGs marked "CS=ITU601") are copied as they
/// are.</para>
/// </remarks>
public static class PlanarYuvConverter
{
    /// <summary>
    /// Converts <paramref name="source"/> into <paramref name="destination"/>, which must have the
    /// same size.
    /// </summary>
    /// <exception cref="ArgumentException">The sizes differ, a pitch is shorter than its row, or a plane is shorter than its rows need.</exception>
    public static void ToI420(in PlanarYuvPicture source, VideoFrame destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var width = destination.Width;
        var height = destination.Height;
        if (source.Width != width || source.Height != height)
            throw new ArgumentException($"The picture is {source.Width}x{source.Height}, the frame {width}x{height}.", nameof(source));
        CheckPlane(source.Y, source.StrideY, width, height, "luma");
        var chromaWidth = source.ChromaWidth;
        var chromaHeight = source.ChromaHeight;
        if (source.Sampling != ChromaSampling.Gray)
        {
            CheckPlane(source.U, source.StrideU, chromaWidth, chromaHeight, "Cb");
            CheckPlane(source.V, source.StrideV, chromaWidth, chromaHeight, "Cr");
        }

        var full = source.FullRange;
        var y = destination.PlaneY;
        var strideY = destination.StrideY;
        for (var row = 0; row < height; row++)
            PlanarRowKernels.Luma(source.Y.Slice(row * source.StrideY, width), y.Slice(row * strideY, width), full);

        ChromaToI420(source, source.U, source.StrideU, destination.PlaneU, destination.StrideUV, width / 2, height / 2, full);
        ChromaToI420(source, source.V, source.StrideV, destination.PlaneV, destination.StrideUV, width / 2, height / 2, full);
    }

    private static void ChromaToI420(in PlanarYuvPicture source, ReadOnlySpan<byte> plane, int pitch,
        Span<byte> destination, int destinationStride, int columns, int rows, bool full)
    {
        for (var row = 0; row < rows; row++)
        {
            var target = destination.Slice(row * destinationStride, columns);
            switch (source.Sampling)
            {
                case ChromaSampling.Yuv420:
                    PlanarRowKernels.Chroma(plane.Slice(row * pitch, columns), target, full);
                    break;
                case ChromaSampling.Yuv422:
                    PlanarRowKernels.AverageRows(plane.Slice(2 * row * pitch, columns), plane.Slice((2 * row + 1) * pitch, columns), target, full);
                    break;
                case ChromaSampling.Yuv444:
                    PlanarRowKernels.AverageBlocks(plane.Slice(2 * row * pitch, 2 * columns), plane.Slice((2 * row + 1) * pitch, 2 * columns), target, full);
                    break;
                case ChromaSampling.Yuv440:
                    PlanarRowKernels.AverageColumns(plane.Slice(row * pitch, 2 * columns), target, full);
                    break;
                default:
                    target.Fill(128); // neutral chroma: the same value in either range
                    break;
            }
        }
    }

    private static void CheckPlane(ReadOnlySpan<byte> plane, int pitch, int columns, int rows, string name)
    {
        if (pitch < columns)
            throw new ArgumentException($"The {name} pitch {pitch} is shorter than a row of {columns} samples.", nameof(pitch));
        var needed = (long)pitch * (rows - 1) + columns;
        if (plane.Length < needed)
            throw new ArgumentException($"The {name} plane holds {plane.Length} bytes, {needed} needed for {rows} rows of {columns}.", nameof(plane));
    }
}

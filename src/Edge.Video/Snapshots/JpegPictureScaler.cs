namespace Edge.Video.Snapshots;

/// <summary>
/// Prepares an I420 <see cref="VideoFrame"/> for a JPEG: scales each plane down by area averaging
/// (every destination sample is the mean of the source samples it covers, so a reduced picture
/// does not shimmer the way point sampling does) and expands limited range to full range on the way.
/// </summary>
/// <remarks>
/// Every Edge source delivers limited range (Y 16–235, Cb/Cr 16–240; see
/// <see cref="Conversion.PlanarYuvConverter"/>), while JPEG (JFIF) is full range and browsers show
/// it as such: a limited-range picture stored as it is would look washed out (black as dark grey).
/// The expansion is a table lookup per sample in the pass that scales or copies anyway.
/// Managed code rather than libswscale: one more native library (and soname range) for a box
/// filter is not worth it, and this runs at most a few times a second.
/// </remarks>
public static class JpegPictureScaler
{
    private static readonly byte[] LumaToFull = BuildTable(16, 219);
    private static readonly byte[] ChromaToFull = BuildChromaTable();

    /// <summary>
    /// Scales plane <paramref name="plane"/> (0 = Y, 1 = U, 2 = V) of <paramref name="source"/> to
    /// <paramref name="width"/>×<paramref name="height"/> luma samples (half that for chroma) into
    /// <paramref name="destination"/>, expanding it to full range.
    /// </summary>
    /// <param name="source">The picture; only read.</param>
    /// <param name="plane">Which plane.</param>
    /// <param name="width">Target picture width: even, at most the source's.</param>
    /// <param name="height">Target picture height: even, at most the source's.</param>
    /// <param name="destination">The target plane's memory.</param>
    /// <param name="destinationStride">Bytes from one target row to the next.</param>
    public static void ScalePlane(VideoFrame source, int plane, int width, int height, Span<byte> destination, int destinationStride)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (width < 2 || height < 2 || width > source.Width || height > source.Height || (width & 1) != 0 || (height & 1) != 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"A {source.Width}x{source.Height} picture can be scaled to an even size no larger than itself, not {width}x{height}.");
        var shift = plane == 0 ? 0 : 1;
        Scale(source.GetPlane(plane), source.GetStride(plane), source.Width >> shift, source.Height >> shift,
            destination, destinationStride, width >> shift, height >> shift, plane == 0 ? LumaToFull : ChromaToFull);
    }

    /// <summary>Area-average scaling of one plane through <paramref name="table"/>.</summary>
    internal static void Scale(ReadOnlySpan<byte> source, int sourceStride, int sourceWidth, int sourceHeight,
        Span<byte> destination, int destinationStride, int width, int height, ReadOnlySpan<byte> table)
    {
        if (destinationStride < width || destination.Length < destinationStride * (height - 1) + width)
            throw new ArgumentException($"The destination plane is too small for {width}x{height}.", nameof(destination));
        if (width == sourceWidth && height == sourceHeight)
        {
            for (var row = 0; row < height; row++)
            {
                var from = source.Slice(row * sourceStride, width);
                var to = destination.Slice(row * destinationStride, width);
                for (var x = 0; x < width; x++)
                    to[x] = table[from[x]];
            }
            return;
        }

        // Column spans are the same for every row: work them out once.
        Span<int> columnStart = width <= 4096 ? stackalloc int[width + 1] : new int[width + 1];
        for (var x = 0; x <= width; x++)
            columnStart[x] = (int)((long)x * sourceWidth / width);

        for (var y = 0; y < height; y++)
        {
            var top = (int)((long)y * sourceHeight / height);
            var bottom = Math.Max(top + 1, (int)((long)(y + 1) * sourceHeight / height));
            var to = destination.Slice(y * destinationStride, width);
            for (var x = 0; x < width; x++)
            {
                var left = columnStart[x];
                var right = Math.Max(left + 1, columnStart[x + 1]);
                var sum = 0;
                for (var row = top; row < bottom; row++)
                {
                    var line = source.Slice(row * sourceStride + left, right - left);
                    foreach (var sample in line)
                        sum += sample;
                }
                var count = (bottom - top) * (right - left);
                to[x] = table[(sum + count / 2) / count];
            }
        }
    }

    /// <summary>Limited → full range for luma: 16 → 0, 235 → 255, clamped outside.</summary>
    private static byte[] BuildTable(int offset, int span)
    {
        var table = new byte[256];
        for (var i = 0; i < 256; i++)
            table[i] = (byte)Math.Clamp((int)Math.Round((i - offset) * 255.0 / span), 0, 255);
        return table;
    }

    /// <summary>Limited → full range for chroma: 16 → 0, 128 → 128, 240 → 255, clamped outside.</summary>
    private static byte[] BuildChromaTable()
    {
        var table = new byte[256];
        for (var i = 0; i < 256; i++)
            table[i] = (byte)Math.Clamp((int)Math.Round(128 + (i - 128) * 255.0 / 224), 0, 255);
        return table;
    }
}

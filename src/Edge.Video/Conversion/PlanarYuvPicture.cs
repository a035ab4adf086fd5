namespace Edge.Video.Conversion;

/// <summary>
/// One planar YUV picture held by someone else (a decoder's output frame): a luma plane and, unless
/// greyscale, two chroma planes, each with its own row pitch, in full or limited range. Only borrowed
/// for the duration of a conversion.
/// </summary>
public readonly ref struct PlanarYuvPicture
{
    /// <param name="sampling">How the chroma planes are sampled.</param>
    /// <param name="fullRange">True for full-range samples (JPEG/JFIF: Y, Cb, Cr all 0–255); false for limited range (Y 16–235, Cb/Cr 16–240).</param>
    /// <param name="width">Picture width in pixels.</param>
    /// <param name="height">Picture height in pixels.</param>
    /// <param name="y">The luma plane: <paramref name="height"/> rows of <paramref name="strideY"/> bytes (the last row may be just <paramref name="width"/> long).</param>
    /// <param name="strideY">Bytes from one luma row to the next.</param>
    /// <param name="u">The Cb plane (empty for <see cref="ChromaSampling.Gray"/>).</param>
    /// <param name="strideU">Bytes from one Cb row to the next.</param>
    /// <param name="v">The Cr plane (empty for <see cref="ChromaSampling.Gray"/>).</param>
    /// <param name="strideV">Bytes from one Cr row to the next.</param>
    public PlanarYuvPicture(ChromaSampling sampling, bool fullRange, int width, int height,
        ReadOnlySpan<byte> y, int strideY, ReadOnlySpan<byte> u, int strideU, ReadOnlySpan<byte> v, int strideV)
    {
        Sampling = sampling;
        FullRange = fullRange;
        Width = width;
        Height = height;
        Y = y;
        StrideY = strideY;
        U = u;
        StrideU = strideU;
        V = v;
        StrideV = strideV;
    }

    /// <summary>How the chroma planes are sampled.</summary>
    public ChromaSampling Sampling { get; }

    /// <summary>True for full-range samples (0–255), false for limited range.</summary>
    public bool FullRange { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The luma plane.</summary>
    public ReadOnlySpan<byte> Y { get; }

    /// <summary>Bytes between luma rows.</summary>
    public int StrideY { get; }

    /// <summary>The Cb plane.</summary>
    public ReadOnlySpan<byte> U { get; }

    /// <summary>Bytes between Cb rows.</summary>
    public int StrideU { get; }

    /// <summary>The Cr plane.</summary>
    public ReadOnlySpan<byte> V { get; }

    /// <summary>Bytes between Cr rows.</summary>
    public int StrideV { get; }

    /// <summary>Width of a chroma plane in samples (rounded up, as JPEG does for odd sizes).</summary>
    public int ChromaWidth => Sampling switch
    {
        ChromaSampling.Yuv420 or ChromaSampling.Yuv422 => (Width + 1) / 2,
        ChromaSampling.Gray => 0,
        _ => Width,
    };

    /// <summary>Height of a chroma plane in rows (rounded up).</summary>
    public int ChromaHeight => Sampling switch
    {
        ChromaSampling.Yuv420 or ChromaSampling.Yuv440 => (Height + 1) / 2,
        ChromaSampling.Gray => 0,
        _ => Height,
    };
}

namespace Edge.Video.Conversion;

/// <summary>How a planar YUV picture's two chroma planes are sampled against its luma plane.</summary>
public enum ChromaSampling
{
    /// <summary>Chroma at half width and half height (JPEG h2v2; FFmpeg <c>yuv(j)420p</c>).</summary>
    Yuv420,

    /// <summary>Chroma at half width, full height (JPEG h2v1, what UVC webcams send; <c>yuv(j)422p</c>).</summary>
    Yuv422,

    /// <summary>Chroma at full resolution (JPEG h1v1; <c>yuv(j)444p</c>).</summary>
    Yuv444,

    /// <summary>Chroma at full width, half height (JPEG h1v2; <c>yuv(j)440p</c>).</summary>
    Yuv440,

    /// <summary>No chroma planes: a greyscale JPEG (<c>gray</c>).</summary>
    Gray,
}

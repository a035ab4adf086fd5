namespace Edge.Video.Encoders.V4l2M2m;

/// <summary>Which V4L2 memory-to-memory encoder to use, and how.</summary>
public sealed record V4l2M2mEncoderOptions
{
    /// <summary>The encoder node: <c>/dev/video11</c> is bcm2835-codec's encoder on Raspberry Pi 0–4.</summary>
    public string Device { get; init; } = "/dev/video11";

    /// <summary>
    /// The coded format asked of the CAPTURE queue, as a fourcc: <c>H264</c>; tests drive the
    /// kernel's vicodec with <c>FWHT</c>. Only H.264 output gets SPS/PPS handling.
    /// </summary>
    public string CodedFormat { get; init; } = "H264";

    /// <summary>
    /// The raw format to feed the OUTPUT queue (<c>YU12</c> or <c>NV12</c>); null picks the first of
    /// those the driver lists. Frames are I420, so YU12 is a plain copy and NV12 an interleave.
    /// </summary>
    public string? InputFormat { get; init; }

    /// <summary>OUTPUT (raw) buffers to ask for (1 … 32).</summary>
    public int OutputBuffers { get; init; } = 4;

    /// <summary>CAPTURE (coded) buffers to ask for (1 … 32).</summary>
    public int CaptureBuffers { get; init; } = 4;

    /// <summary>Bytes per coded buffer to ask for; 0 lets the driver choose.</summary>
    public int CodedBufferSize { get; init; }

    /// <summary>How long the driver may take to return a buffer before the encoder is declared hung.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Device);
        ArgumentException.ThrowIfNullOrEmpty(CodedFormat);
        if (OutputBuffers is < 1 or > 32)
            throw new ArgumentOutOfRangeException(nameof(OutputBuffers), OutputBuffers, "Output buffers must be between 1 and 32.");
        if (CaptureBuffers is < 1 or > 32)
            throw new ArgumentOutOfRangeException(nameof(CaptureBuffers), CaptureBuffers, "Capture buffers must be between 1 and 32.");
        if (CodedBufferSize is < 0 or > 64 << 20)
            throw new ArgumentOutOfRangeException(nameof(CodedBufferSize), CodedBufferSize, "Coded buffer size must be between 0 (driver default) and 64 MiB.");
        if (Timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "Timeout must be positive.");
    }
}

namespace Edge.Video.Sources.V4l2;

/// <summary>What to capture from a V4L2 device: the values of <c>[camera.NAME]</c>.</summary>
public sealed record V4l2CaptureOptions
{
    /// <summary>The capture node (<c>camera.NAME.device</c>).</summary>
    public string Device { get; init; } = "/dev/video0";

    /// <summary>Picture width in pixels (even).</summary>
    public required int Width { get; init; }

    /// <summary>Picture height in pixels (even).</summary>
    public required int Height { get; init; }

    /// <summary>Frames per second.</summary>
    public required int FramesPerSecond { get; init; }

    /// <summary>The pixel format to capture (<c>camera.NAME.format</c>).</summary>
    public V4l2CaptureFormat Format { get; init; } = V4l2CaptureFormat.Auto;

    /// <summary>mmap buffers to ask the driver for (2 … 32); drivers may give more.</summary>
    public int BufferCount { get; init; } = 4;

    /// <summary>
    /// How long the device may deliver nothing before capture fails with
    /// <see cref="CameraTimeoutException"/> (at least 3 frame periods).
    /// </summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many converted frames may be held downstream at once (1 … 64).</summary>
    public int FramePoolSize { get; init; } = 4;

    /// <summary>The config table errors refer to, e.g. <c>camera.front</c>.</summary>
    public string ConfigKey { get; init; } = "camera";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Device);
        VideoFramePool.ThrowIfBadSize(Width, Height);
        if (FramesPerSecond is < 1 or > 240)
            throw new ArgumentOutOfRangeException(nameof(FramesPerSecond), FramesPerSecond, "Frame rate must be between 1 and 240.");
        if (BufferCount is < 2 or > 32)
            throw new ArgumentOutOfRangeException(nameof(BufferCount), BufferCount, "Buffer count must be between 2 and 32.");
        if (FramePoolSize is < 1 or > 64)
            throw new ArgumentOutOfRangeException(nameof(FramePoolSize), FramePoolSize, "Frame pool size must be between 1 and 64.");
        if (FrameTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(FrameTimeout), FrameTimeout, "Frame timeout must be positive.");
    }
}

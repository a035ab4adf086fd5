using System.Globalization;

namespace Edge.Video.Sources.V4l2;

/// <summary>A V4L2 time per frame (<c>struct v4l2_fract</c>): 1/30 is 30 frames a second.</summary>
public readonly record struct V4l2Fraction(uint Numerator, uint Denominator)
{
    /// <summary>The time per frame for a whole number of frames a second.</summary>
    public static V4l2Fraction PerSecond(int framesPerSecond) => new(1, (uint)framesPerSecond);

    /// <summary>Frames a second (<c>denominator / numerator</c>); 0 when undefined.</summary>
    public double FramesPerSecond => Numerator == 0 ? 0 : (double)Denominator / Numerator;

    /// <summary>The rate as people write it: "30", "29.97", "7.5".</summary>
    public string FormatRate() => FramesPerSecond.ToString("0.##", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => $"{Numerator}/{Denominator}";
}

/// <summary>
/// One VIDIOC_ENUM_FRAMEINTERVALS answer: a single interval (<see cref="IsDiscrete"/>), or a
/// continuous/stepwise range from <see cref="Shortest"/> (fastest) to <see cref="Longest"/>.
/// </summary>
public sealed record V4l2FrameIntervalEntry(V4l2Fraction Shortest, V4l2Fraction Longest)
{
    /// <summary>True for a single interval.</summary>
    public bool IsDiscrete => Shortest == Longest;

    /// <summary>A single interval.</summary>
    public static V4l2FrameIntervalEntry Discrete(uint numerator, uint denominator) =>
        new(new V4l2Fraction(numerator, denominator), new V4l2Fraction(numerator, denominator));
}

/// <summary>One VIDIOC_ENUM_FRAMESIZES answer: a discrete size, or a stepwise/continuous range.</summary>
public sealed record V4l2FrameSizeEntry(int MinWidth, int MaxWidth, int StepWidth, int MinHeight, int MaxHeight, int StepHeight)
{
    /// <summary>True for a single size.</summary>
    public bool IsDiscrete => MinWidth == MaxWidth && MinHeight == MaxHeight;

    /// <summary>A single size.</summary>
    public static V4l2FrameSizeEntry Discrete(int width, int height) => new(width, width, 1, height, height, 1);

    /// <summary>True when <paramref name="width"/>x<paramref name="height"/> is this size or lies on this range's grid.</summary>
    public bool Contains(int width, int height) =>
        width >= MinWidth && width <= MaxWidth && height >= MinHeight && height <= MaxHeight
        && (width - MinWidth) % Math.Max(1, StepWidth) == 0 && (height - MinHeight) % Math.Max(1, StepHeight) == 0;

    /// <inheritdoc />
    public override string ToString() => IsDiscrete
        ? $"{MinWidth}x{MinHeight}"
        : $"{MinWidth}x{MinHeight}..{MaxWidth}x{MaxHeight}";
}

/// <summary>
/// A frame size a format offers and the intervals offered at it. An empty
/// <see cref="Intervals"/> means the driver does not enumerate intervals (any rate may work).
/// </summary>
public sealed record V4l2FrameSizeCapability(V4l2FrameSizeEntry Size, IReadOnlyList<V4l2FrameIntervalEntry> Intervals);

/// <summary>
/// One capture format of a device. <see cref="Sizes"/> is empty when the driver does not
/// enumerate frame sizes, or when Edge cannot use the format and did not ask.
/// </summary>
public sealed record V4l2FormatCapability(FourCC PixelFormat, string Description, bool IsCompressed, IReadOnlyList<V4l2FrameSizeCapability> Sizes);

/// <summary>What a V4L2 capture device offers, as far as Edge needs to know to choose a mode.</summary>
public sealed record V4l2CaptureDeviceDescription(string Path, string Driver, string Card, bool IsMultiPlanar, IReadOnlyList<V4l2FormatCapability> Formats);

/// <summary>The pixel format asked of a capture device: the values of <c>camera.NAME.format</c>.</summary>
public enum V4l2CaptureFormat
{
    /// <summary>The best the device offers at the requested size and rate (see <see cref="V4l2FormatNegotiator"/>).</summary>
    Auto,

    /// <summary>YUYV 4:2:2, converted to I420.</summary>
    Yuyv,

    /// <summary>Motion-JPEG, decoded to I420 (needs libavcodec's mjpeg decoder).</summary>
    Mjpeg,

    /// <summary>NV12, converted to I420.</summary>
    Nv12,

    /// <summary>YU12 (I420), copied.</summary>
    Yu12,

    /// <summary>H.264 from the camera, passed through as access units.</summary>
    H264,
}

/// <summary>The mode <see cref="V4l2FormatNegotiator"/> chose.</summary>
/// <param name="PixelFormat">The format to set.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Interval">The time per frame to set (the device's own fraction when it lists one, e.g. 1001/30000), or 1/fps.</param>
/// <param name="RateListed">False when the device does not enumerate intervals for this mode, so the rate is a guess until S_PARM answers.</param>
public sealed record V4l2CaptureMode(FourCC PixelFormat, int Width, int Height, V4l2Fraction Interval, bool RateListed)
{
    /// <summary>True when the camera delivers H.264 (passthrough) rather than raw pictures.</summary>
    public bool IsH264 => PixelFormat == FourCC.H264;

    /// <inheritdoc />
    public override string ToString() => $"{PixelFormat} {Width}x{Height}@{Interval.FormatRate()}";
}

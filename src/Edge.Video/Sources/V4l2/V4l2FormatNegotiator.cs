using System.Globalization;
using System.Text;
using Edge.Video.Conversion;

namespace Edge.Video.Sources.V4l2;

/// <summary>
/// Chooses a capture mode from what a device offers and what the camera's config asks for, and
/// writes the error a person reads when nothing fits. A pure function over a
/// <see cref="V4l2CaptureDeviceDescription"/>, so it is tested without a device.
/// </summary>
/// <remarks>
/// <para><b>format = auto</b> takes the first format, in this order, that offers the requested
/// size at the requested rate: raw formats Edge converts to I420 (YU12, NV12, YV12, NV21, YUYV,
/// UYVY — cheapest conversion first), then MJPEG when it can be decoded, then H.264 (passed
/// through). A typical USB webcam offers YUYV only up to 640x480@30 or 1280x720@10 (USB 2.0
/// bandwidth) and MJPEG at 1280x720@30 and more, so at those sizes it gets MJPEG. Raw and MJPEG
/// both come before the camera's own H.264 because Edge's encoders honour the keyframe
/// interval, bitrate and forced IDRs that RTSP clients rely on, which UVC H.264 rarely does;
/// raw comes before MJPEG because it needs no decoding and has no compression loss. A camera
/// offering neither at the requested size and rate still gets H.264.</para>
/// <para><b>Rates.</b> A listed interval matches when its rate is within 1 % of the requested
/// rate (so 29.97 serves 30); a range matches when it contains 1/fps. A format or size for which
/// the driver lists no intervals is accepted, and the driver's answer to S_PARM decides.</para>
/// </remarks>
public static class V4l2FormatNegotiator
{
    /// <summary>The order <c>format = auto</c> tries formats in (MJPEG only when it can be decoded).</summary>
    public static IReadOnlyList<FourCC> AutoPreference { get; } =
    [
        FourCC.Yu12, FourCC.Nv12, FourCC.Yv12, new FourCC(0x3132564e) /* NV21 */, FourCC.Yuyv, new FourCC(0x59565955) /* UYVY */,
        FourCC.Mjpeg, FourCC.H264,
    ];

    private static readonly FourCC Jpeg = new(0x4745504a);

    /// <summary>The fourcc a configured format asks for (auto has none).</summary>
    public static FourCC? FourCCOf(V4l2CaptureFormat format) => format switch
    {
        V4l2CaptureFormat.Yuyv => FourCC.Yuyv,
        V4l2CaptureFormat.Mjpeg => FourCC.Mjpeg,
        V4l2CaptureFormat.Nv12 => FourCC.Nv12,
        V4l2CaptureFormat.Yu12 => FourCC.Yu12,
        V4l2CaptureFormat.H264 => FourCC.H264,
        _ => null,
    };

    /// <summary>True when Edge can use captures of <paramref name="format"/>.</summary>
    public static bool IsUsable(FourCC format, bool canDecodeMjpeg) =>
        I420Converter.CanConvert(format) || format == FourCC.H264 || (canDecodeMjpeg && IsMjpeg(format));

    /// <summary>
    /// Chooses the mode to capture <paramref name="request"/>'s size, rate and format with.
    /// </summary>
    /// <param name="device">What the device offers.</param>
    /// <param name="request">The configured size, rate, format and config key.</param>
    /// <param name="canDecodeMjpeg">Whether MJPEG can be decoded in this process.</param>
    /// <exception cref="CameraFormatException">Nothing the device offers fits; the message lists what it does offer.</exception>
    public static V4l2CaptureMode Choose(V4l2CaptureDeviceDescription device, V4l2CaptureOptions request, bool canDecodeMjpeg = false)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(request);

        var wanted = FourCCOf(request.Format);
        if (wanted is { } explicitFormat)
        {
            if (IsMjpeg(explicitFormat) && !canDecodeMjpeg)
            {
                throw new CameraFormatException(device.Path,
                    $"{device.Path}: format = \"mjpeg\" needs libavcodec's mjpeg decoder, which is not available here " +
                    "(install FFmpeg's libavcodec, e.g. libavcodec59 on Debian 12, libavcodec61 on Debian 13); " +
                    $"it offers: {DescribeOffers(device, canDecodeMjpeg)}; set {request.ConfigKey}.format to one of the others, or \"auto\"");
            }

            var format = device.Formats.FirstOrDefault(f => f.PixelFormat == explicitFormat || (IsMjpeg(explicitFormat) && IsMjpeg(f.PixelFormat)));
            if (format is null)
            {
                throw new CameraFormatException(device.Path,
                    $"{device.Path} cannot capture {explicitFormat}; it offers: {DescribeOffers(device, canDecodeMjpeg)}; " +
                    $"set {request.ConfigKey}.format to one of these, or \"auto\"");
            }

            return TryMatch(format, request) ?? throw NoMode(device, request, explicitFormat.ToString(), canDecodeMjpeg);
        }

        foreach (var preferred in AutoPreference)
        {
            if (IsMjpeg(preferred) && !canDecodeMjpeg)
                continue;
            foreach (var format in device.Formats)
            {
                if (format.PixelFormat != preferred && !(IsMjpeg(preferred) && IsMjpeg(format.PixelFormat)))
                    continue;
                if (TryMatch(format, request) is { } mode)
                    return mode;
            }
        }

        var usable = device.Formats.Any(f => IsUsable(f.PixelFormat, canDecodeMjpeg));
        if (!usable)
        {
            throw new CameraFormatException(device.Path,
                $"{device.Path} offers no format Edge can use ({string.Join(", ", device.Formats.Select(f => f.PixelFormat.ToString()))}); " +
                $"Edge captures {string.Join(", ", AutoPreference.Where(f => canDecodeMjpeg || !IsMjpeg(f)))}{MjpegHint(device, canDecodeMjpeg)}");
        }

        throw NoMode(device, request, "in any format Edge can use", canDecodeMjpeg);
    }

    /// <summary>
    /// Lists, compactly, what the device offers in the formats Edge can use — e.g.
    /// <c>YUYV 640x480@30,15 1280x720@10; MJPG 1280x720@30</c> — followed by the formats it cannot.
    /// </summary>
    public static string DescribeOffers(V4l2CaptureDeviceDescription device, bool canDecodeMjpeg = false)
    {
        ArgumentNullException.ThrowIfNull(device);

        // Formats with the same sizes and rates share one entry: "YUYV/NV12 640x480@30 1280x720@10".
        var groups = new List<(List<string> Formats, string Sizes)>();
        var unusable = new List<string>();
        foreach (var format in device.Formats)
        {
            if (!IsUsable(format.PixelFormat, canDecodeMjpeg))
            {
                unusable.Add(format.PixelFormat.ToString());
                continue;
            }

            var sizes = DescribeSizes(format);
            var group = groups.FindIndex(g => g.Sizes == sizes);
            if (group >= 0)
                groups[group].Formats.Add(format.PixelFormat.ToString());
            else
                groups.Add(([format.PixelFormat.ToString()], sizes));
        }

        var text = new StringBuilder();
        foreach (var (formats, sizes) in groups)
        {
            if (text.Length > 0)
                text.Append("; ");
            text.Append(string.Join('/', formats)).Append(' ').Append(sizes);
        }

        if (text.Length == 0)
            text.Append("no format Edge can use");
        if (unusable.Count > 0)
        {
            const int Shown = 6;
            text.Append(" (also ").Append(string.Join(", ", unusable.Take(Shown)));
            if (unusable.Count > Shown)
                text.Append(" and ").Append(unusable.Count - Shown).Append(" more");
            text.Append(", which Edge cannot use)");
        }

        return text.ToString();
    }

    private static string DescribeSizes(V4l2FormatCapability format)
    {
        if (format.Sizes.Count == 0)
            return "(sizes not listed)";
        var text = new StringBuilder();
        foreach (var size in format.Sizes)
        {
            if (text.Length > 0)
                text.Append(' ');
            text.Append(size.Size);
            AppendRates(text, size.Intervals);
        }

        return text.ToString();
    }

    internal static bool IsMjpeg(FourCC format) => format == FourCC.Mjpeg || format == Jpeg;

    // The mode for the requested size and rate in this format, or null.
    private static V4l2CaptureMode? TryMatch(V4l2FormatCapability format, V4l2CaptureOptions request)
    {
        if (format.Sizes.Count == 0)
        {
            // The driver lists no sizes: S_FMT will say whether it can.
            return new V4l2CaptureMode(format.PixelFormat, request.Width, request.Height, V4l2Fraction.PerSecond(request.FramesPerSecond), RateListed: false);
        }

        foreach (var size in format.Sizes)
        {
            if (!size.Size.Contains(request.Width, request.Height))
                continue;
            if (size.Intervals.Count == 0)
                return new V4l2CaptureMode(format.PixelFormat, request.Width, request.Height, V4l2Fraction.PerSecond(request.FramesPerSecond), RateListed: false);
            if (MatchRate(size.Intervals, request.FramesPerSecond) is { } interval)
                return new V4l2CaptureMode(format.PixelFormat, request.Width, request.Height, interval, RateListed: true);
        }

        return null;
    }

    private static V4l2Fraction? MatchRate(IReadOnlyList<V4l2FrameIntervalEntry> intervals, int fps)
    {
        foreach (var interval in intervals)
        {
            if (interval.IsDiscrete)
            {
                var rate = interval.Shortest.FramesPerSecond;
                if (Math.Abs(rate - fps) <= fps * 0.01)
                    return interval.Shortest;
            }
            else
            {
                var fastest = interval.Shortest.FramesPerSecond;
                var slowest = interval.Longest.FramesPerSecond;
                if (fps <= fastest * 1.01 && fps >= slowest * 0.99)
                    return V4l2Fraction.PerSecond(fps);
            }
        }

        return null;
    }

    private static CameraFormatException NoMode(V4l2CaptureDeviceDescription device, V4l2CaptureOptions request, string what, bool canDecodeMjpeg) =>
        new(device.Path,
            $"{device.Path} cannot capture {request.Width}x{request.Height} {what} at {request.FramesPerSecond} fps; " +
            $"it offers: {DescribeOffers(device, canDecodeMjpeg)}; set {request.ConfigKey}.width/height/fps/format to one of these{MjpegHint(device, canDecodeMjpeg)}");

    // A camera whose MJPEG modes are unusable only because libavcodec is missing: say what would open them.
    private static string MjpegHint(V4l2CaptureDeviceDescription device, bool canDecodeMjpeg) =>
        !canDecodeMjpeg && device.Formats.Any(f => IsMjpeg(f.PixelFormat))
            ? "; its MJPEG modes need FFmpeg's libavcodec (mjpeg decoder), which is not installed"
            : "";

    private static void AppendRates(StringBuilder text, IReadOnlyList<V4l2FrameIntervalEntry> intervals)
    {
        if (intervals.Count == 0)
            return;
        var discrete = intervals.Where(i => i.IsDiscrete).Select(i => i.Shortest.FramesPerSecond).Distinct().OrderDescending().ToList();
        text.Append('@');
        var first = true;
        foreach (var rate in discrete)
        {
            if (!first)
                text.Append(',');
            text.Append(rate.ToString("0.##", CultureInfo.InvariantCulture));
            first = false;
        }

        foreach (var range in intervals.Where(i => !i.IsDiscrete))
        {
            if (!first)
                text.Append(',');
            text.Append(range.Longest.FormatRate()).Append('-').Append(range.Shortest.FormatRate());
            first = false;
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Edge.Linux.IO;
using Edge.Video.Sources.V4l2;
using Edge.Video.V4l2;

namespace Edge.Video.Encoders.V4l2M2m;

/// <summary>A V4L2 memory-to-memory encoder found on this board.</summary>
/// <param name="Path">The node, e.g. <c>/dev/video11</c>.</param>
/// <param name="Driver">The driver, e.g. <c>bcm2835-codec</c>.</param>
/// <param name="Card">The card name, e.g. <c>bcm2835-codec-encode</c>.</param>
/// <param name="IsMultiPlanar">True when it uses the multi-planar API.</param>
/// <param name="CodedFormats">What its CAPTURE side produces (H264, …).</param>
/// <param name="RawFormats">What its OUTPUT side takes (YU12, NV12, …).</param>
public sealed record V4l2M2mDeviceInfo(string Path, string Driver, string Card, bool IsMultiPlanar, IReadOnlyList<FourCC> CodedFormats, IReadOnlyList<FourCC> RawFormats)
{
    /// <summary>True when Edge can feed it I420 frames (it takes YU12 or NV12).</summary>
    public bool AcceptsEdgeFrames => RawFormats.Contains(FourCC.Yu12) || RawFormats.Contains(FourCC.Nv12);
}

/// <summary>
/// Finds hardware encoders: for <c>encoder.kind = "auto"</c>, "does this board have an H.264
/// encoder, and where?". A node qualifies when QUERYCAP says memory-to-memory, its CAPTURE side
/// lists the coded format and its OUTPUT side takes YU12 or NV12 (which excludes decoders, whose
/// CAPTURE side is raw).
/// </summary>
public static class V4l2M2mEncoderProbe
{
    /// <summary>The node bcm2835-codec registers its encoder as on Raspberry Pi 0–4; tried first.</summary>
    public const string RaspberryPiEncoder = "/dev/video11";

    /// <summary>
    /// The first H.264 encoder on this board (<c>/dev/video11</c> first, then every
    /// <c>/dev/video*</c> in numeric order), or null when there is none (e.g. a Raspberry Pi 5).
    /// </summary>
    public static V4l2M2mDeviceInfo? FindH264Encoder() => FindEncoders(FourCC.H264).FirstOrDefault();

    /// <summary>Every encoder producing <paramref name="coded"/> that takes Edge's frames.</summary>
    public static IReadOnlyList<V4l2M2mDeviceInfo> FindEncoders(FourCC coded)
    {
        if (!V4l2AbiCheck.TryVerify(out _))
            return [];
        var found = new List<V4l2M2mDeviceInfo>();
        foreach (var path in CandidateNodes())
        {
            if (TryDescribe(path, out var info, out _) && info.CodedFormats.Contains(coded) && info.AcceptsEdgeFrames)
                found.Add(info);
        }

        return found;
    }

    /// <summary>
    /// Describes one node as an encoder. Returns false with the reason when it cannot be opened
    /// or is not a memory-to-memory device.
    /// </summary>
    public static bool TryDescribe(string path, [NotNullWhen(true)] out V4l2M2mDeviceInfo? info, [NotNullWhen(false)] out string? reason)
    {
        info = null;
        if (!V4l2AbiCheck.TryVerify(out reason))
            return false;
        try
        {
            using var device = V4l2Device.Open(path);
            var capability = device.QueryCapability();
            var multiPlanar = capability.Has(Videodev2.V4L2_CAP_VIDEO_M2M_MPLANE);
            if (!multiPlanar && !capability.Has(Videodev2.V4L2_CAP_VIDEO_M2M))
            {
                reason = $"{path} ({capability.Card}) is not a memory-to-memory device";
                return false;
            }

            var captureType = multiPlanar ? Videodev2.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE : Videodev2.V4L2_BUF_TYPE_VIDEO_CAPTURE;
            var outputType = multiPlanar ? Videodev2.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE : Videodev2.V4L2_BUF_TYPE_VIDEO_OUTPUT;
            var coded = device.EnumerateFormats(captureType).Select(f => new FourCC(f.PixelFormat)).ToList();
            var raw = device.EnumerateFormats(outputType).Select(f => new FourCC(f.PixelFormat)).ToList();
            info = new V4l2M2mDeviceInfo(path, capability.Driver, capability.Card, multiPlanar, coded, raw);
            reason = null;
            return true;
        }
        catch (LinuxIOException ex)
        {
            reason = ex.Message;
            return false;
        }
    }

    // The Pi's encoder node first: on a Pi it is the one, and it saves opening the rest.
    private static IEnumerable<string> CandidateNodes() =>
        VideoDeviceNodes.List().OrderBy(node => node == RaspberryPiEncoder ? 0 : 1);

}

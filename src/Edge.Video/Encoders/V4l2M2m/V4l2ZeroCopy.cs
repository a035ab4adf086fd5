using Edge.Linux.IO;
using Edge.Media;
using Edge.Video.Sources.V4l2;
using Microsoft.Extensions.Logging;

namespace Edge.Video.Encoders.V4l2M2m;

/// <summary>
/// The choice between the zero-copy path (the hardware encoder imports the camera's buffers as
/// DMABUFs: no conversion, no copy) and the copy path (the camera's pictures converted to I420,
/// then copied into the encoder's own buffers), with the reason for it in words.
/// </summary>
public static class V4l2ZeroCopy
{
    /// <summary>
    /// Opens the encoder at <see cref="V4l2M2mEncoderOptions.Device"/> to import
    /// <paramref name="camera"/>'s buffers when it can take the camera's format, size and stride
    /// as they are and import its memory. Otherwise returns null, having left nothing open but
    /// the camera's exported descriptors (closed with the camera), and the copy path applies.
    /// </summary>
    /// <param name="camera">An opened V4L2 camera delivering raw pictures, not yet running.</param>
    /// <param name="settings">The encoder settings; the size must be the camera's.</param>
    /// <param name="output">Receives each access unit.</param>
    /// <param name="options">The encoder device and coded format.</param>
    /// <param name="logger">The encoder's logger.</param>
    /// <param name="decision">Why: <c>zero-copy: camera YUYV 640x480 buffers imported by /dev/video11 (DMABUF)</c>,
    /// or <c>copy: </c> and the reason (<c>copy: /dev/video11 does not accept NV21 (its OUTPUT side takes …)</c>).</param>
    public static V4l2M2mEncoder? TryOpen(V4l2CaptureSource camera, VideoEncoderSettings settings, Action<AccessUnit> output,
        V4l2M2mEncoderOptions options, ILogger? logger, out string decision)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        if (camera.ProducesAccessUnits || V4l2FormatNegotiator.IsMjpeg(camera.Mode.PixelFormat))
        {
            decision = $"copy: the camera delivers {camera.Mode.PixelFormat}, compressed pictures the encoder cannot read";
            return null;
        }

        V4l2DmabufBuffers buffers;
        try
        {
            buffers = camera.ExportBuffers();
        }
        catch (LinuxIOException ex)
        {
            decision = $"copy: the camera cannot export its buffers as DMABUFs ({ex.Message})";
            return null;
        }
        catch (InvalidOperationException ex)
        {
            decision = $"copy: {ex.Message}";
            return null;
        }

        try
        {
            var encoder = V4l2M2mEncoder.OpenDmabuf(settings, buffers, output, options, logger);
            decision = $"zero-copy: camera {buffers} buffers imported by the encoder {options.Device} (DMABUF)";
            return encoder;
        }
        catch (V4l2EncoderException ex)
        {
            decision = $"copy: {ex.Message}";
            return null;
        }
    }
}

using System.Diagnostics;
using Edge.Linux.IO;
using Edge.Video.Sources.V4l2;
using Edge.Video.V4l2;
using static Edge.Video.V4l2.Videodev2;

namespace Edge.Video.Tests.V4l2;

/// <summary>
/// Decodes FWHT units with vicodec's stateful decoder (the kernel's, not ours), so a test can
/// check what an encoder actually read: the decoder's protocol of
/// Documentation/userspace-api/media/v4l/dev-decoder.rst, reduced to what vicodec needs.
/// </summary>
internal static class VicodecDecoder
{
    /// <summary>
    /// Decodes every unit (one per OUTPUT buffer) and returns, per decoded picture in order, the
    /// mean luma of its centre quarter; also the raw format the decoder chose.
    /// </summary>
    public static (List<double> LumaMeans, FourCC Format) Decode(string decoderPath, IReadOnlyList<byte[]> units, int width, int height, TimeSpan timeout)
    {
        using var device = V4l2Device.Open(decoderPath);
        var multiPlanar = device.QueryCapability().Has(V4L2_CAP_VIDEO_M2M_MPLANE);
        var outputType = multiPlanar ? V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE : V4L2_BUF_TYPE_VIDEO_OUTPUT;
        var captureType = multiPlanar ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE : V4L2_BUF_TYPE_VIDEO_CAPTURE;
        device.SetFormat(new V4l2FormatRequest(outputType, V4L2_PIX_FMT_FWHT, width, height));
        var errno = device.TrySubscribeEvent(V4L2_EVENT_SOURCE_CHANGE);
        if (errno != 0)
            throw new LinuxIOException(decoderPath, "VIDIOC_SUBSCRIBE_EVENT (SOURCE_CHANGE)", errno);

        using var output = V4l2BufferQueue.Allocate(device, outputType, 4);
        output.StreamOn();
        V4l2BufferQueue? capture = null;
        var format = default(V4l2PixelFormat);
        var means = new List<double>();
        var next = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        try
        {
            while (means.Count < units.Count)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                    throw new TimeoutException($"{decoderPath} decoded {means.Count} of {units.Count} units within {timeout.TotalSeconds} s");

                // Take back consumed OUTPUT buffers, then feed the next unit into a free one.
                while (output.TryDequeue(out _) == 0)
                {
                }

                if (next < units.Count && output.States.FirstFree() is var free and >= 0)
                {
                    units[next].CopyTo(output.GetBuffer(free));
                    output.Queue(free, units[next].Length);
                    next++;
                }

                // The first unit's header tells the decoder the picture format: then CAPTURE is set up.
                if (capture is null)
                {
                    if (device.TryDequeueEvent() == V4L2_EVENT_SOURCE_CHANGE)
                    {
                        format = device.GetFormat(captureType);
                        capture = V4l2BufferQueue.Allocate(device, captureType, 4);
                        for (var i = 0; i < capture.Count; i++)
                            capture.Queue(i);
                        capture.StreamOn();
                    }
                }
                else
                {
                    while (capture.TryDequeue(out var picture) == 0)
                    {
                        if (picture.BytesUsed > 0 && !picture.Has(V4L2_BUF_FLAG_ERROR))
                            means.Add(CentreLumaMean(capture.GetBuffer(picture.Index), format));
                        capture.Queue(picture.Index);
                    }
                }

                Thread.Sleep(5);
            }
        }
        finally
        {
            capture?.Dispose();
        }

        return (means, new FourCC(format.PixelFormat));
    }

    // Planar and semi-planar formats start with the luma plane; packed 4:2:2 interleaves it.
    private static double CentreLumaMean(ReadOnlySpan<byte> picture, V4l2PixelFormat format)
    {
        var (step, first) = format.PixelFormat switch
        {
            V4L2_PIX_FMT_YUYV => (2, 0),
            0x55595659 => (2, 0), // YVYU
            V4L2_PIX_FMT_UYVY => (2, 1),
            0x59555956 => (2, 1), // VYUY
            _ => (1, 0),
        };
        long sum = 0;
        var count = 0;
        for (var row = format.Height / 4; row < format.Height * 3 / 4; row++)
        {
            for (var col = format.Width / 4; col < format.Width * 3 / 4; col++)
            {
                sum += picture[(row * format.BytesPerLine) + (col * step) + first];
                count++;
            }
        }

        return (double)sum / count;
    }
}

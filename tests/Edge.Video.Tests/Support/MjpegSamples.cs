using System.Buffers.Binary;
using System.Globalization;

namespace Edge.Video.Tests.Support;

/// <summary>
/// Real Motion-JPEG made by the ffmpeg program, split into the single JPEG pictures a camera would
/// deliver, and ffmpeg's own decode of the same pictures for comparison.
/// </summary>
internal static class MjpegSamples
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Encodes <paramref name="frames"/> pictures of ffmpeg's <c>testsrc2</c> pattern as MJPEG with
    /// <paramref name="pixelFormat"/> (e.g. <c>yuvj422p</c>; a limited-range <c>yuv422p</c> is
    /// written with the "CS=ITU601" marker, as ffmpeg does) and returns them one JPEG each.
    /// </summary>
    public static List<byte[]> TestSource(string directory, int width, int height, int frames, string pixelFormat)
    {
        var path = Path.Combine(directory, $"testsrc2-{width}x{height}-{pixelFormat}.mjpeg");
        var size = string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");
        var run = ExternalTools.Run("ffmpeg",
            ["-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size={size}:rate=30", "-frames:v", frames.ToString(CultureInfo.InvariantCulture),
             "-c:v", "mjpeg", "-strict", "-1", "-pix_fmt", pixelFormat, "-f", "mjpeg", path],
            Timeout);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var pictures = Split(File.ReadAllBytes(path));
        Assert.Equal(frames, pictures.Count);
        return pictures;
    }

    /// <summary>
    /// Encodes raw I420 pictures (<paramref name="i420"/>, one after another) as MJPEG in
    /// <paramref name="pixelFormat"/> and returns them one JPEG each.
    /// </summary>
    public static List<byte[]> FromI420(string directory, byte[] i420, int width, int height, string pixelFormat)
    {
        var raw = Path.Combine(directory, $"source-{width}x{height}.yuv");
        var path = Path.Combine(directory, $"source-{width}x{height}-{pixelFormat}.mjpeg");
        File.WriteAllBytes(raw, i420);
        var run = ExternalTools.Run("ffmpeg",
            ["-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", string.Create(CultureInfo.InvariantCulture, $"{width}x{height}"),
             "-r", "30", "-i", raw, "-c:v", "mjpeg", "-q:v", "3", "-pix_fmt", pixelFormat, "-f", "mjpeg", path],
            Timeout);
        Assert.True(run.ExitCode == 0, run.StandardError);
        return Split(File.ReadAllBytes(path));
    }

    /// <summary>
    /// ffmpeg's decode of the pictures to limited-range I420 (yuv420p), every picture after the
    /// other, with the area filter for the chroma reduction, which is the plain average Edge uses.
    /// </summary>
    public static byte[] ReferenceI420(string directory, IReadOnlyList<byte[]> pictures, string name)
    {
        var path = Path.Combine(directory, name + ".mjpeg");
        using (var file = File.Create(path))
        {
            foreach (var picture in pictures)
                file.Write(picture);
        }

        var run = ExternalTools.Run("ffmpeg",
            ["-v", "error", "-f", "mjpeg", "-i", path, "-sws_flags", "area+accurate_rnd", "-pix_fmt", "yuv420p", "-f", "rawvideo", "-"],
            Timeout);
        Assert.True(run.ExitCode == 0, run.StandardError);
        return run.StandardOutput;
    }

    /// <summary>
    /// Splits a stream of concatenated JPEGs at their markers: SOI, then marker segments (skipped
    /// by their lengths), entropy-coded data after each SOS up to the next marker, and EOI.
    /// </summary>
    public static List<byte[]> Split(ReadOnlySpan<byte> stream)
    {
        var pictures = new List<byte[]>();
        var start = 0;
        while (start < stream.Length)
        {
            Assert.True(stream[start] == 0xFF && stream[start + 1] == 0xD8, $"no SOI at {start}");
            var p = start + 2;
            while (true)
            {
                Assert.Equal(0xFF, stream[p]);
                while (stream[p + 1] == 0xFF)
                    p++; // fill bytes
                var marker = stream[p + 1];
                if (marker == 0xD9)
                {
                    p += 2;
                    break;
                }

                if (marker is >= 0xD0 and <= 0xD7 or 0x01)
                {
                    p += 2;
                    continue;
                }

                p += 2 + BinaryPrimitives.ReadUInt16BigEndian(stream[(p + 2)..]);
                if (marker == 0xDA)
                {
                    // Entropy-coded data: an FF is followed by 00 (stuffing) or a restart marker.
                    while (!(stream[p] == 0xFF && stream[p + 1] != 0x00 && stream[p + 1] is not (>= 0xD0 and <= 0xD7)))
                        p++;
                }
            }

            pictures.Add(stream[start..p].ToArray());
            start = p;
        }

        return pictures;
    }
}

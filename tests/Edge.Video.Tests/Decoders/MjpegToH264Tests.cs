using Edge.Media;
using Edge.Video.Decoders;
using Edge.Video.Encoders;
using Edge.Video.Encoders.Ffmpeg;
using Edge.Video.Sources.TestPattern;
using Edge.Video.Tests.Support;
using Xunit.Abstractions;

namespace Edge.Video.Tests.Decoders;

/// <summary>
/// The MJPEG camera path without the camera: stamped test-pattern pictures made into a webcam's
/// 4:2:2 MJPEG by ffmpeg, decoded by our decoder, encoded by libx264 through our bindings, and the
/// H.264 read back by the real ffprobe and ffmpeg (vivid, the emulated board's camera, has no MJPEG).
/// </summary>
public sealed class MjpegToH264Tests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edge-video-mjpeg-h264-");

    public void Dispose() => _directory.Delete(recursive: true);

    [FfmpegFact]
    public void Webcam_MJPEG_at_720p_becomes_H264_with_every_picture_in_order()
    {
        const int Width = 1280, Height = 720, Fps = 30, Frames = 45;
        var start = MediaClock.FrameDeadline(0, 1000, Fps);

        // The camera's pictures: the test pattern, each stamped with its number and capture time.
        var generator = new TestPatternGenerator(Width, Height);
        var pool = new VideoFramePool(Width, Height, 2);
        var raw = new MemoryStream();
        for (var i = 0; i < Frames; i++)
        {
            using var frame = pool.Rent();
            frame.FrameNumber = i;
            frame.CaptureTimestamp = MediaClock.FrameDeadline(start, i, Fps);
            generator.Render(frame);
            for (var plane = 0; plane < 3; plane++)
            {
                var rows = plane == 0 ? Height : Height / 2;
                var columns = plane == 0 ? Width : Width / 2;
                for (var row = 0; row < rows; row++)
                    raw.Write(frame.GetPlane(plane).Slice(row * frame.GetStride(plane), columns));
            }
        }

        var pictures = MjpegSamples.FromI420(_directory.FullName, raw.ToArray(), Width, Height, "yuvj422p");
        Assert.Equal(Frames, pictures.Count);

        // Decoder → encoder, as the V4L2 pipeline runs them.
        var settings = new VideoEncoderSettings { Width = Width, Height = Height, FramesPerSecond = Fps, BitrateKbps = 3000 };
        var path = Path.Combine(_directory.FullName, "camera.h264");
        var units = 0;
        using (var file = File.Create(path))
        {
            using var decoder = MjpegDecoder.Open(Width, Height);
            using var encoder = FfmpegVideoEncoder.Open(settings, unit =>
            {
                file.Write(unit.Data.Span);
                units++;
                unit.Release();
            }, new FfmpegEncoderOptions { Preference = ["libx264"] });
            for (var i = 0; i < Frames; i++)
            {
                using var frame = pool.Rent();
                Assert.True(decoder.TryDecode(pictures[i], frame, out var rejection), rejection.ToString());
                frame.FrameNumber = i;
                frame.CaptureTimestamp = MediaClock.FrameDeadline(start, i, Fps);
                encoder.Encode(frame);

                // A damaged picture between two good ones is skipped and changes nothing downstream.
                if (i == Frames / 2)
                    Assert.False(decoder.TryDecode(pictures[i][..(pictures[i].Length / 3)], frame, out _));
            }

            encoder.Flush();
            Assert.Equal(1, decoder.FramesRejected);
        }

        Assert.Equal(Frames, units);
        var probe = ExternalTools.Run("ffprobe",
            ["-v", "error", "-count_frames", "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", path],
            TimeSpan.FromSeconds(60));
        Assert.True(probe.ExitCode == 0, probe.StandardError);
        Assert.Equal($"h264,{Width},{Height},{Frames}", probe.StandardOutputText.Trim());

        // The stamps survive JPEG, the range round trip and H.264: every picture, in order.
        var decode = ExternalTools.Run("ffmpeg", ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "gray", "-"], TimeSpan.FromSeconds(60));
        Assert.True(decode.ExitCode == 0, decode.StandardError);
        var numbers = new List<long>();
        for (var offset = 0; offset + Width * Height <= decode.StandardOutput.Length; offset += Width * Height)
        {
            Assert.True(BurnedInCode.TryRead(decode.StandardOutput.AsSpan(offset, Width * Height), Width, Height, Width, out var number, out var micros),
                $"picture {numbers.Count} has no readable stamp");
            Assert.Equal(MediaClock.ToMicroseconds(MediaClock.FrameDeadline(start, number, Fps)) & BurnedInCode.CaptureMicrosMask, micros);
            numbers.Add(number);
        }

        Assert.Equal(Enumerable.Range(0, Frames).Select(i => (long)i), numbers);
        output.WriteLine($"{Frames} MJPEG pictures ({pictures.Sum(p => p.Length) / Frames / 1024} KiB each) → {new FileInfo(path).Length} bytes of H.264, stamps read back");
    }
}

using Edge.Media;
using Edge.Video.Decoders;
using Edge.Video.Encoders;
using Edge.Video.Encoders.Ffmpeg;
using Edge.Video.Sources.TestPattern;
using Edge.Video.Tests.Support;

namespace Edge.Video.Tests.Snapshots;

/// <summary>
/// The two libavcodec stages behind snapshots: H.264 access units decoded to I420 pictures, and
/// pictures encoded to JPEG, checked by the real ffprobe and by reading the test pattern's
/// burned-in frame numbers back.
/// </summary>
public sealed class SnapshotCodecTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edge-snapshot-");

    public void Dispose() => _directory.Delete(recursive: true);

    [FfmpegFact]
    public void Decoded_H264_gives_every_picture_with_its_frame_number_and_capture_time()
    {
        var units = EncodeTestPattern(640, 360, frames: 30);
        using var decoder = H264Decoder.Open();

        var numbers = new List<long>();
        foreach (var unit in units)
        {
            using var picture = decoder.Decode(unit.Data.Span, unit.CaptureTimestamp);
            Assert.NotNull(picture);
            Assert.Equal((640, 360), (picture.Width, picture.Height));
            Assert.Equal(unit.CaptureTimestamp, picture.CaptureTimestamp);
            Assert.True(BurnedInCode.TryRead(picture.PlaneY, picture.Width, picture.Height, picture.StrideY, out var number, out _), "no stamp in the decoded picture");
            numbers.Add(number);
            unit.Release();
        }

        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), numbers);
        Assert.Equal(30, decoder.PicturesDecoded);
    }

    [FfmpegFact]
    public void A_stream_joined_after_its_IDR_gives_nothing_until_the_next_one()
    {
        var units = EncodeTestPattern(320, 240, frames: 40, keyframeEvery: 25);
        using var decoder = H264Decoder.Open();

        var decoded = new List<long>();
        foreach (var unit in units.Skip(5))
        {
            using (var picture = decoder.Decode(unit.Data.Span, unit.CaptureTimestamp))
            {
                if (picture is not null)
                    decoded.Add(unit.FrameNumber);
            }
            unit.Release();
        }
        foreach (var unit in units.Take(5))
            unit.Release();

        Assert.Equal(Enumerable.Range(25, 15).Select(i => (long)i), decoded);
    }

    [FfmpegFact]
    public void A_picture_held_by_its_user_is_not_overwritten_the_decoder_skips_instead()
    {
        var units = EncodeTestPattern(320, 240, frames: 4);
        using var decoder = H264Decoder.Open(maxFramesOut: 1);

        using var held = decoder.Decode(units[0].Data.Span, 1);
        Assert.NotNull(held);
        Assert.Null(decoder.Decode(units[1].Data.Span, 2));
        Assert.Equal(1, decoder.PicturesSkipped);
        Assert.True(BurnedInCode.TryRead(held.PlaneY, 320, 240, held.StrideY, out var number, out _));
        Assert.Equal(0, number);
        foreach (var unit in units)
            unit.Release();
    }

    [FfmpegFact]
    public void A_JPEG_is_the_picture_at_its_size_or_scaled_down_and_ffprobe_reads_it()
    {
        using var frame = new VideoFramePool(1280, 720, 1).Rent();
        new TestPatternGenerator(1280, 720).Render(frame);
        BurnedInCode.Write(frame, 4242, 0);

        var full = FfmpegJpegEncoder.Encode(frame, 1280, 720);
        var small = FfmpegJpegEncoder.Encode(frame, 320, 180);

        Assert.Equal([0xFF, 0xD8], full[..2]);
        Assert.Equal([0xFF, 0xD9], full[^2..]);
        Assert.Equal(("mjpeg", "1280", "720"), Probe(full));
        Assert.Equal(("mjpeg", "320", "180"), Probe(small));
        Assert.InRange(small.Length, 1000, full.Length / 4);

        // Our own mjpeg decoder reads it back, stamp and all, and the picture is full range.
        using var decoder = MjpegDecoder.Open(1280, 720);
        using var back = new VideoFramePool(1280, 720, 1).Rent();
        Assert.True(decoder.TryDecode(full, back, out var rejection), rejection.ToString());
        Assert.Contains("full range", decoder.PictureFormat, StringComparison.Ordinal);
        Assert.True(BurnedInCode.TryRead(back.PlaneY, 1280, 720, back.StrideY, out var number, out _));
        Assert.Equal(4242, number);
    }

    private (string Codec, string Width, string Height) Probe(byte[] jpeg)
    {
        var path = Path.Combine(_directory.FullName, $"{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, jpeg);
        var result = ExternalTools.Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", path], TimeSpan.FromSeconds(30));
        Assert.Equal(0, result.ExitCode);
        var fields = result.StandardOutputText.Trim().Split(',');
        return (fields[0], fields[1], fields[2]);
    }

    private static List<AccessUnit> EncodeTestPattern(int width, int height, int frames, int keyframeEvery = 50)
    {
        var units = new List<AccessUnit>();
        var settings = new VideoEncoderSettings
        {
            Width = width,
            Height = height,
            FramesPerSecond = 25,
            BitrateKbps = 1500,
            KeyframeIntervalSeconds = keyframeEvery / 25.0,
        };
        using var encoder = FfmpegVideoEncoder.Open(settings, units.Add, new FfmpegEncoderOptions { Preference = ["libx264"] });
        var pool = new VideoFramePool(width, height, 2);
        var generator = new TestPatternGenerator(width, height);
        for (var i = 0; i < frames; i++)
        {
            using var frame = pool.Rent();
            generator.Render(frame);
            BurnedInCode.Write(frame, i, 0);
            frame.FrameNumber = i;
            frame.CaptureTimestamp = 1_000_000 + i * 40_000L;
            encoder.Encode(frame);
        }
        encoder.Flush();
        Assert.Equal(frames, units.Count);
        Assert.Equal(units.Select(u => u.FrameNumber), Enumerable.Range(0, frames).Select(i => (long)i));
        return units;
    }
}

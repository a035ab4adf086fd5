using System.Diagnostics;
using Edge.Video.Decoders;
using Edge.Video.Tests.Support;
using Xunit.Abstractions;

namespace Edge.Video.Tests.Decoders;

/// <summary>
/// Real MJPEG from the ffmpeg program through our libavcodec decoder, compared pixel by pixel
/// with ffmpeg's own decode to I420; and the damaged pictures USB cameras deliver.
/// </summary>
public sealed class MjpegDecoderTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edge-video-mjpeg-");

    public void Dispose() => _directory.Delete(recursive: true);

    [FfmpegFact]
    public void Webcam_4_2_2_at_720p_decodes_to_what_ffmpeg_decodes() =>
        DecodesLikeFfmpeg(1280, 720, "yuvj422p", frames: 8, expectedFormat: "yuvj422p, full range (scaled to limited)");

    [FfmpegFact]
    public void Full_range_4_2_0_decodes_to_what_ffmpeg_decodes() =>
        DecodesLikeFfmpeg(640, 480, "yuvj420p", frames: 4, expectedFormat: "yuvj420p, full range (scaled to limited)");

    [FfmpegFact]
    public void Full_range_4_4_4_decodes_to_what_ffmpeg_decodes() =>
        DecodesLikeFfmpeg(320, 240, "yuvj444p", frames: 4, expectedFormat: "yuvj444p, full range (scaled to limited)");

    [FfmpegFact]
    public void Limited_range_JPEGs_marked_ITU601_are_not_scaled() =>
        DecodesLikeFfmpeg(320, 240, "yuv422p", frames: 4, expectedFormat: "yuv422p, limited range");

    [FfmpegFact]
    public void Damaged_pictures_are_skipped_and_counted_and_decoding_carries_on()
    {
        var pictures = MjpegSamples.TestSource(_directory.FullName, 320, 240, 2, "yuvj422p");
        var reference = MjpegSamples.ReferenceI420(_directory.FullName, pictures, "reference");
        var good = pictures[1];
        var pool = new VideoFramePool(320, 240, 1);
        using var decoder = MjpegDecoder.Open(320, 240);
        using var frame = pool.Rent();

        var garbage = new byte[5000];
        new Random(7).NextBytes(garbage);
        garbage[0] = 0x12; // not FF D8
        byte[] headerOnly = [0xFF, 0xD8, 0xFF, 0xD9];
        var soiGarbageEoi = new byte[4000];
        new Random(8).NextBytes(soiGarbageEoi);
        Array.Fill(soiGarbageEoi, (byte)0x00, 0, 2);
        (soiGarbageEoi[0], soiGarbageEoi[1]) = ((byte)0xFF, (byte)0xD8);
        for (var i = 2; i < soiGarbageEoi.Length - 2; i++)
        {
            if (soiGarbageEoi[i] == 0xFF)
                soiGarbageEoi[i] = 0xFE; // no marker in the middle
        }
        (soiGarbageEoi[^2], soiGarbageEoi[^1]) = ((byte)0xFF, (byte)0xD9);

        var cases = new (string Name, byte[] Data, FrameRejectionReason[] Expected)[]
        {
            ("empty", [], [FrameRejectionReason.Empty]),
            ("garbage", garbage, [FrameRejectionReason.NoStartOfImage]),
            ("SOI only", [0xFF, 0xD8], [FrameRejectionReason.NoEndOfImage]),
            ("first half (truncated)", good[..(good.Length / 2)], [FrameRejectionReason.NoEndOfImage]),
            ("all but the last byte", good[..^1], [FrameRejectionReason.NoEndOfImage]),
            ("SOI and EOI only", headerOnly, [FrameRejectionReason.DecoderError, FrameRejectionReason.NoPicture]),
            ("SOI, noise, EOI", soiGarbageEoi, [FrameRejectionReason.DecoderError, FrameRejectionReason.NoPicture]),
        };

        var rejected = 0;
        foreach (var (name, data, expected) in cases)
        {
            Assert.False(decoder.TryDecode(data, frame, out var rejection), name);
            output.WriteLine($"{name}: {rejection}");
            Assert.Contains(rejection.Reason, expected);
            Assert.False(string.IsNullOrEmpty(rejection.ToString()));
            rejected++;
            Assert.Equal(rejected, decoder.FramesRejected);

            // After every bad picture the next good one decodes exactly.
            Assert.True(decoder.TryDecode(good, frame, out var none), $"after {name}: {none}");
            Compare(frame, reference.AsSpan(I420Size(320, 240), I420Size(320, 240)), $"after {name}");
        }

        Assert.Equal(cases.Length, decoder.FramesDecoded);

        // Camera padding after the end marker is fine.
        var padded = new byte[good.Length + 4096];
        good.CopyTo(padded, 0);
        Assert.True(decoder.TryDecode(padded, frame, out _));
        Compare(frame, reference.AsSpan(I420Size(320, 240), I420Size(320, 240)), "padded");

        // Damage inside the entropy-coded data: decoded with errors or refused, never a crash.
        var damaged = (byte[])good.Clone();
        new Random(9).NextBytes(damaged.AsSpan(damaged.Length / 2, 200));
        for (var i = damaged.Length / 2; i < damaged.Length / 2 + 200; i++)
        {
            if (damaged[i] == 0xFF)
                damaged[i] = 0x00;
        }

        var damagedResult = decoder.TryDecode(damaged, frame, out var damagedRejection);
        output.WriteLine($"damaged entropy data: {(damagedResult ? "decoded" : damagedRejection.ToString())}");
        Assert.True(decoder.TryDecode(good, frame, out _));
    }

    [FfmpegFact]
    public void A_picture_of_another_size_or_larger_than_the_buffers_is_refused()
    {
        var small = MjpegSamples.TestSource(_directory.FullName, 320, 240, 1, "yuvj422p")[0];
        using (var decoder = MjpegDecoder.Open(640, 480))
        using (var frame = new VideoFramePool(640, 480, 1).Rent())
        {
            Assert.False(decoder.TryDecode(small, frame, out var rejection));
            Assert.Equal(FrameRejectionReason.WrongSize, rejection.Reason);
            Assert.Equal("the picture is 320x240, not the 640x480 the camera was set to", rejection.ToString());
        }

        using (var decoder = MjpegDecoder.Open(320, 240, maxCompressedBytes: small.Length - 1))
        using (var frame = new VideoFramePool(320, 240, 1).Rent())
        {
            Assert.False(decoder.TryDecode(small, frame, out var rejection));
            Assert.Equal(FrameRejectionReason.TooLarge, rejection.Reason);
            Assert.Contains($"{small.Length} bytes", rejection.ToString(), StringComparison.Ordinal);
            Assert.Throws<ArgumentException>(() => decoder.TryDecode(small, new VideoFramePool(640, 480, 1).Rent(), out _));
        }
    }

    [FfmpegFact]
    public void Decoding_allocates_nothing_per_picture_and_its_rate_is_reported()
    {
        const int Width = 1280, Height = 720, Frames = 30;
        var pictures = MjpegSamples.TestSource(_directory.FullName, Width, Height, Frames, "yuvj422p");
        var pool = new VideoFramePool(Width, Height, 1);
        using var decoder = MjpegDecoder.Open(Width, Height);
        using var frame = pool.Rent();
        byte[] truncated = pictures[0][..1000];

        // Warm up: FFmpeg's frame pool, and enough calls for the JIT to optimise the row kernels
        // (a NativeAOT build starts optimised).
        for (var i = 0; i < 100; i++)
            Assert.True(decoder.TryDecode(pictures[i % Frames], frame, out _));
        Assert.False(decoder.TryDecode(truncated, frame, out _));
        // Give tiered compilation time to install the optimised row kernels in the background
        // (only the rate printed below depends on it; the allocation count does not).
        Thread.Sleep(300);

        const int Rounds = 3;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var picture in pictures)
                Assert.True(decoder.TryDecode(picture, frame, out _));
            Assert.False(decoder.TryDecode(truncated, frame, out _));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine($"MJPEG 4:2:2 {Width}x{Height} → I420: {Rounds * Frames / elapsed.TotalSeconds:F0} pictures/s by the clock " +
                         $"({elapsed.TotalMilliseconds / (Rounds * Frames):F2} ms each), {Rounds * Frames / cpuUsed.TotalSeconds:F0} per CPU-second " +
                         $"(average picture {pictures.Average(p => p.Length) / 1024:F0} KiB); {bytes} bytes allocated");
        Assert.Equal(0, bytes);
    }

    private void DecodesLikeFfmpeg(int width, int height, string pixelFormat, int frames, string expectedFormat)
    {
        var pictures = MjpegSamples.TestSource(_directory.FullName, width, height, frames, pixelFormat);
        var reference = MjpegSamples.ReferenceI420(_directory.FullName, pictures, "reference");
        var size = I420Size(width, height);
        Assert.Equal(frames * size, reference.Length);

        var logger = new ListLogger();
        var pool = new VideoFramePool(width, height, 2);
        using var decoder = MjpegDecoder.Open(width, height, logger: logger);
        for (var i = 0; i < frames; i++)
        {
            using var frame = pool.Rent();
            Assert.True(decoder.TryDecode(pictures[i], frame, out var rejection), rejection.ToString());
            Compare(frame, reference.AsSpan(i * size, size), $"{pixelFormat} picture {i}");
        }

        Assert.Equal(frames, decoder.FramesDecoded);
        Assert.Equal(0, decoder.FramesRejected);
        Assert.Equal(expectedFormat, decoder.PictureFormat);
        Assert.Equal([$"Information: MJPEG {width}x{height}: pictures are {expectedFormat}"], logger.Lines);
    }

    // Every sample within 2 levels of ffmpeg's, and on average within a fifth of a level (the two
    // round range scaling differently; measured: at most 1 apart).
    private void Compare(VideoFrame frame, ReadOnlySpan<byte> reference, string what)
    {
        var width = frame.Width;
        var height = frame.Height;
        var offset = 0;
        for (var plane = 0; plane < 3; plane++)
        {
            var columns = plane == 0 ? width : width / 2;
            var rows = plane == 0 ? height : height / 2;
            var pixels = frame.GetPlane(plane);
            var stride = frame.GetStride(plane);
            long total = 0;
            var worst = 0;
            for (var row = 0; row < rows; row++)
            {
                for (var column = 0; column < columns; column++)
                {
                    var difference = Math.Abs(pixels[row * stride + column] - reference[offset + row * columns + column]);
                    total += difference;
                    worst = Math.Max(worst, difference);
                }
            }

            offset += columns * rows;
            var mean = (double)total / (columns * rows);
            Assert.True(worst <= 2 && mean <= 0.2, $"{what}, plane {"YUV"[plane]}: differs from ffmpeg by up to {worst}, {mean:F3} on average");
        }
    }

    private static int I420Size(int width, int height) => width * height * 3 / 2;
}

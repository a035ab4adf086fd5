using System.Diagnostics;
using System.Globalization;
using Edge.Media;
using Edge.Video.Encoders;
using Edge.Video.Encoders.Ffmpeg;
using Edge.Video.Sources.TestPattern;
using Edge.Tests.Shared;
using Edge.Video.Tests.Support;
using Xunit.Abstractions;

namespace Edge.Video.Tests.Encoders;

/// <summary>Test pattern → libx264 through our bindings → a .h264 file checked by the real ffprobe and ffmpeg.</summary>
public sealed class FfmpegEncoderTests(ITestOutputHelper output) : IDisposable
{
    private static readonly FfmpegEncoderOptions X264Only = new() { Preference = ["libx264"] };

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edge-video-enc-");

    public void Dispose() => _directory.Delete(recursive: true);

    [FfmpegFact]
    public void Ten_seconds_of_320x240_at_25_fps_decode_to_every_frame_in_order()
    {
        var settings = new VideoEncoderSettings { Width = 320, Height = 240, FramesPerSecond = 25, BitrateKbps = 600, KeyframeIntervalSeconds = 2 };
        var run = EncodeTestPattern(settings, frames: 250);

        Assert.Equal(250, run.Units.Count);
        CheckUnits(run, settings);
        Assert.Equal(5, run.Units.Count(u => u.IsKeyframe)); // 0, 50, 100, 150, 200

        var probe = Probe(run.Path);
        Assert.Equal("h264", probe["codec_name"]);
        Assert.Equal("320", probe["width"]);
        Assert.Equal("240", probe["height"]);
        Assert.Equal("250", probe["nb_read_frames"]);

        var check = ExternalTools.Run("ffmpeg", ["-v", "error", "-i", run.Path, "-f", "null", "-"], TimeSpan.FromSeconds(60));
        Assert.Equal(0, check.ExitCode);
        Assert.Equal("", check.StandardError);

        Assert.Equal(Enumerable.Range(0, 250).Select(i => (long)i), DecodeFrameNumbers(run, settings));
    }

    [FfmpegFact]
    public void Two_seconds_of_1280x720_decode_to_every_frame_in_order()
    {
        var settings = new VideoEncoderSettings { Width = 1280, Height = 720, FramesPerSecond = 25, BitrateKbps = 2500 };
        var run = EncodeTestPattern(settings, frames: 50);

        CheckUnits(run, settings);
        var probe = Probe(run.Path);
        Assert.Equal(("h264", "1280", "720", "50"), (probe["codec_name"], probe["width"], probe["height"], probe["nb_read_frames"]));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), DecodeFrameNumbers(run, settings));
    }

    [FfmpegFact]
    public void A_requested_keyframe_makes_the_next_access_unit_an_IDR_with_SPS_and_PPS()
    {
        var settings = new VideoEncoderSettings { Width = 320, Height = 240, FramesPerSecond = 25, KeyframeIntervalSeconds = 10, BitrateKbps = 500 };
        var run = EncodeTestPattern(settings, frames: 120, beforeFrame: (index, encoder) =>
        {
            Assert.True(encoder.CanForceKeyframes);
            if (index == 77)
                encoder.RequestKeyframe();
        });

        CheckUnits(run, settings);
        var keyframes = run.Units.Where(u => u.IsKeyframe).Select(u => u.FrameNumber).ToArray();
        Assert.Equal([0L, 77L], keyframes);
        Assert.Equal((1 << 7) | (1 << 8) | (1 << 5), run.Units[77].NalMask & ((1 << 7) | (1 << 8) | (1 << 5)));
        Assert.Equal(Enumerable.Range(0, 120).Select(i => (long)i), DecodeFrameNumbers(run, settings));
    }

    [FfmpegFact]
    public void The_default_preference_list_falls_through_to_an_encoder_that_opens_and_says_why()
    {
        var logger = new ListLogger();
        var units = new List<AccessUnit>();
        using var encoder = FfmpegVideoEncoder.Open(
            new VideoEncoderSettings { Width = 320, Height = 240, FramesPerSecond = 25 }, units.Add, logger: logger);

        output.WriteLine(string.Join('\n', logger.Lines));
        Assert.Contains(encoder.Name, FfmpegEncoderOptions.DefaultPreference);
        var position = FfmpegEncoderOptions.DefaultPreference.ToList().IndexOf(encoder.Name);
        foreach (var skipped in FfmpegEncoderOptions.DefaultPreference.Take(position))
            Assert.Contains(logger.Lines, line => line.Contains($"Encoder {skipped} skipped: ", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, line => line.Contains($"Encoder {encoder.Name} opened", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, line => line.Contains("libavcodec " + FfmpegLibrary.Load().AvcodecVersion, StringComparison.Ordinal));
    }

    [FfmpegFact]
    public void No_usable_encoder_is_an_error_that_lists_every_reason()
    {
        var error = Assert.Throws<FfmpegException>(() => FfmpegVideoEncoder.Open(
            new VideoEncoderSettings { Width = 320, Height = 240, FramesPerSecond = 25 },
            unit => unit.Release(),
            new FfmpegEncoderOptions { Preference = ["no_such_encoder", "h264_vaapi"] }));

        output.WriteLine(error.Message);
        Assert.Contains("no_such_encoder: not in this FFmpeg build", error.Message, StringComparison.Ordinal);
        Assert.Contains("h264_vaapi: ", error.Message, StringComparison.Ordinal);
    }

    [FfmpegFact]
    public void FFmpeg_errors_carry_its_own_text()
    {
        _ = FfmpegLibrary.Load();
        Assert.Equal("Invalid argument", FfmpegLibrary.DescribeError(-22));
        Assert.Equal("End of file", FfmpegLibrary.DescribeError(Interop.AVERROR_EOF));
    }

    [FfmpegFact]
    public void Frames_of_the_wrong_size_and_frames_after_flush_are_refused()
    {
        using var encoder = FfmpegVideoEncoder.Open(
            new VideoEncoderSettings { Width = 320, Height = 240, FramesPerSecond = 25 }, unit => unit.Release(), X264Only);
        using (var wrong = new VideoFramePool(160, 120, 1).Rent())
            Assert.Throws<ArgumentException>(() => encoder.Encode(wrong));

        encoder.Flush();
        using var frame = new VideoFramePool(320, 240, 1).Rent();
        Assert.Throws<InvalidOperationException>(() => encoder.Encode(frame));
    }

    [FfmpegFact]
    public void Encoding_720p_with_ultrafast_zerolatency_keeps_up_with_real_time()
    {
        var settings = new VideoEncoderSettings { Width = 1280, Height = 720, FramesPerSecond = 30, BitrateKbps = 2500 };
        var generator = new TestPatternGenerator(settings.Width, settings.Height);
        var pool = new VideoFramePool(settings.Width, settings.Height, 1);
        long bytes = 0;
        var allocatingFrames = 0;
        var encode = TimeSpan.Zero;
        const int Warmup = 20, Frames = 150;
        using (var encoder = FfmpegVideoEncoder.Open(settings, unit => { bytes += unit.Length; unit.Release(); }, X264Only with { X264Preset = "ultrafast" }))
        {
            for (var i = 0; i < Warmup + Frames; i++)
            {
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                using var frame = pool.Rent();
                frame.FrameNumber = i;
                frame.CaptureTimestamp = MediaClock.FrameDeadline(0, i, settings.FramesPerSecond);
                generator.Render(frame);
                var started = Stopwatch.GetTimestamp();
                encoder.Encode(frame);
                if (i < Warmup)
                    continue;
                encode += Stopwatch.GetElapsedTime(started);
                if (GC.GetAllocatedBytesForCurrentThread() != allocatedBefore)
                    allocatingFrames++;
            }
        }

        var fps = Frames / encode.TotalSeconds;
        output.WriteLine($"libx264 1280x720 ultrafast/zerolatency: {fps:F0} fps ({encode.TotalMilliseconds / Frames:F2} ms per frame), " +
                         $"{bytes * 8 / 1000 / ((Warmup + Frames) / 30.0):F0} kbit/s, {allocatingFrames} of {Frames} frames allocated");
        Assert.True(fps > 10, $"{fps:F1} fps");

        // Steady state allocates nothing per frame. The only exception is the pool's first buffer of
        // a larger size class, when an IDR is bigger than any unit before it.
        Assert.InRange(allocatingFrames, 0, 3);
    }

    // libx264's profile is a ceiling: without CABAC and the 8x8 transform turned on, the ultrafast
    // preset writes Constrained Baseline whatever profile was asked for.
    [FfmpegTheory]
    [InlineData("baseline", "ultrafast", 66, 0, 0)]
    [InlineData("main", "ultrafast", 77, 1, 0)]
    [InlineData("main", "superfast", 77, 1, 0)]
    [InlineData("high", "ultrafast", 100, 1, 1)]
    [InlineData("high", "superfast", 100, 1, 1)]
    public void The_profile_asked_for_is_the_profile_written_with_its_tools(string profile, string preset, int profileIdc, int cabac, int transform8x8)
    {
        var settings = new VideoEncoderSettings { Width = 320, Height = 240, FramesPerSecond = 25, BitrateKbps = 500, Profile = profile };
        var run = EncodeTestPattern(settings, frames: 10, options: X264Only with { X264Preset = preset });

        var headers = ReadHeaders(run.Path);
        Assert.Equal(profileIdc, headers["profile_idc"]);
        Assert.Equal(cabac, headers["entropy_coding_mode_flag"]);
        Assert.Equal(transform8x8, headers.GetValueOrDefault("transform_8x8_mode_flag"));
    }

    [FfmpegFact]
    public void A_configured_level_is_written_to_the_SPS()
    {
        var settings = new VideoEncoderSettings { Width = 320, Height = 240, FramesPerSecond = 25, BitrateKbps = 500, Level = "3.1" };
        var run = EncodeTestPattern(settings, frames: 5);

        Assert.Equal(31, ReadHeaders(run.Path)["level_idc"]);
    }

    // The test pattern is mostly still: capped VBR spends a fraction of the cap, CBR the whole rate
    // (x264 pads with filler data under nal-hrd=cbr).
    [FfmpegFact]
    public void Cbr_holds_the_bitrate_and_vbr_stays_under_it()
    {
        const int Kbps = 800, Frames = 100, Fps = 25;
        long Bytes(string mode)
        {
            var settings = new VideoEncoderSettings { Width = 320, Height = 240, FramesPerSecond = Fps, BitrateKbps = Kbps, BitrateMode = mode };
            return new FileInfo(EncodeTestPattern(settings, Frames).Path).Length;
        }

        var cbrKbps = Bytes("cbr") * 8 / 1000.0 / (Frames / (double)Fps);
        var vbrKbps = Bytes("vbr") * 8 / 1000.0 / (Frames / (double)Fps);
        output.WriteLine($"cbr: {cbrKbps:F0} kbit/s, vbr: {vbrKbps:F0} kbit/s, target {Kbps}");
        Assert.InRange(cbrKbps, Kbps * 0.85, Kbps * 1.15);
        Assert.InRange(vbrKbps, 1, Kbps * 0.6);
    }

    [Theory]
    [InlineData(1280, 720, 30, "superfast")]
    [InlineData(640, 480, 30, "superfast")]
    [InlineData(1280, 720, 60, "ultrafast")]
    [InlineData(1920, 1080, 30, "ultrafast")]
    [InlineData(1920, 1080, 15, "ultrafast")] // 31 million pixels a second: more than 720p30
    public void The_default_preset_follows_the_picture_rate(int width, int height, int fps, string expected) =>
        Assert.Equal(expected, FfmpegEncoderOptions.DefaultX264Preset(new VideoEncoderSettings { Width = width, Height = height, FramesPerSecond = fps }));

    [FfmpegFact]
    public void The_effective_settings_resolve_the_preset_and_say_what_runs()
    {
        var logger = new ListLogger();
        using var encoder = FfmpegVideoEncoder.Open(
            new VideoEncoderSettings { Width = 640, Height = 480, FramesPerSecond = 30, BitrateKbps = 1500, BitrateMode = "cbr", Level = "3" },
            unit => unit.Release(), X264Only, logger);

        Assert.Equal(new EffectiveEncoderSettings("libx264", "main", "superfast", "cbr", 1500, "3"), encoder.Effective);
        Assert.Equal("libx264: profile main, preset superfast, cbr 1500 kbit/s, level 3", encoder.Effective.ToString());
        Assert.Contains(logger.Lines, line => line.EndsWith("IDR every 60 frames, profile main, preset superfast, cbr 1500 kbit/s, level 3", StringComparison.Ordinal));
    }

    private EncodedRun EncodeTestPattern(VideoEncoderSettings settings, int frames, Action<int, IVideoEncoder>? beforeFrame = null, FfmpegEncoderOptions? options = null)
    {
        var generator = new TestPatternGenerator(settings.Width, settings.Height);
        var pool = new VideoFramePool(settings.Width, settings.Height, 2);
        var path = Path.Combine(_directory.FullName, $"pattern-{settings.Width}x{settings.Height}.h264");
        var units = new List<UnitInfo>();
        var start = Stopwatch.GetTimestamp();
        using (var file = File.Create(path))
        {
            void Write(AccessUnit unit)
            {
                try
                {
                    var data = unit.Data.Span;
                    units.Add(new UnitInfo(unit.FrameNumber, unit.CaptureTimestamp, unit.Pts90kHz, unit.IsKeyframe, AnnexB.NalTypeMask(data), data.Length));
                    file.Write(data);
                }
                finally
                {
                    unit.Release();
                }
            }

            using var encoder = FfmpegVideoEncoder.Open(settings, Write, options ?? X264Only);
            Assert.Equal("libx264", encoder.Name);
            for (var i = 0; i < frames; i++)
            {
                beforeFrame?.Invoke(i, encoder);
                using var frame = pool.Rent();
                frame.FrameNumber = i;
                frame.CaptureTimestamp = MediaClock.FrameDeadline(start, i, settings.FramesPerSecond);
                generator.Render(frame);
                encoder.Encode(frame);
            }

            encoder.Flush();
        }

        return new EncodedRun(path, start, units);
    }

    private static void CheckUnits(EncodedRun run, VideoEncoderSettings settings)
    {
        Assert.True(run.Units[0].IsKeyframe);
        for (var i = 0; i < run.Units.Count; i++)
        {
            var unit = run.Units[i];
            Assert.Equal(i, unit.FrameNumber); // zerolatency: one unit per frame, in order
            var expectedCapture = MediaClock.FrameDeadline(run.Start, i, settings.FramesPerSecond);
            Assert.Equal(expectedCapture, unit.CaptureTimestamp);
            Assert.Equal(MediaClock.To90kHz(expectedCapture), unit.Pts90kHz);
            var hasIdr = (unit.NalMask & (1 << 5)) != 0;
            Assert.Equal(hasIdr, unit.IsKeyframe);
            if (unit.IsKeyframe)
            {
                // SPS and PPS in front of every IDR.
                Assert.Equal((1 << 7) | (1 << 8), unit.NalMask & ((1 << 7) | (1 << 8)));
            }

            if (i > 0)
                Assert.Equal(90_000 / settings.FramesPerSecond, unit.Pts90kHz - run.Units[i - 1].Pts90kHz, tolerance: 1);
        }
    }

    private static Dictionary<string, long> ReadHeaders(string path)
    {
        var trace = ExternalTools.Run("ffmpeg", H264TraceHeaders.FfmpegArguments(path), TimeSpan.FromSeconds(60));
        Assert.True(trace.ExitCode == 0, trace.StandardError);
        return H264TraceHeaders.Parse(trace.StandardError);
    }

    private static Dictionary<string, string> Probe(string path)
    {
        var probe = ExternalTools.Run("ffprobe",
            ["-v", "error", "-count_frames", "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "default=noprint_wrappers=1", path],
            TimeSpan.FromSeconds(60));
        Assert.True(probe.ExitCode == 0, probe.StandardError);
        return probe.StandardOutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1].Trim());
    }

    private List<long> DecodeFrameNumbers(EncodedRun run, VideoEncoderSettings settings)
    {
        var decode = ExternalTools.Run("ffmpeg", ["-v", "error", "-i", run.Path, "-f", "rawvideo", "-pix_fmt", "gray", "-"], TimeSpan.FromSeconds(60));
        Assert.True(decode.ExitCode == 0, decode.StandardError);
        var pictureSize = settings.Width * settings.Height;
        Assert.Equal(0, decode.StandardOutput.Length % pictureSize);

        var numbers = new List<long>();
        for (var offset = 0; offset < decode.StandardOutput.Length; offset += pictureSize)
        {
            var luma = decode.StandardOutput.AsSpan(offset, pictureSize);
            Assert.True(BurnedInCode.TryRead(luma, settings.Width, settings.Height, settings.Width, out var number, out var micros),
                $"picture {numbers.Count} has no readable stamp");
            var expectedMicros = MediaClock.ToMicroseconds(MediaClock.FrameDeadline(run.Start, number, settings.FramesPerSecond)) & BurnedInCode.CaptureMicrosMask;
            Assert.Equal(expectedMicros, micros);
            numbers.Add(number);
        }

        output.WriteLine($"{run.Path}: {numbers.Count} pictures, {new FileInfo(run.Path).Length} bytes, stamps read back");
        return numbers;
    }

    private sealed record EncodedRun(string Path, long Start, List<UnitInfo> Units);

    private sealed record UnitInfo(long FrameNumber, long CaptureTimestamp, long Pts90kHz, bool IsKeyframe, int NalMask, int Length);
}

using System.Runtime.InteropServices;
using Edge.Video.Encoders;
using Edge.Video.Encoders.Ffmpeg;
using Edge.Video.Tests.Support;
using Microsoft.Extensions.Logging;
using static Edge.Video.Encoders.Ffmpeg.Interop;

namespace Edge.Video.Tests.Encoders;

[CollectionDefinition(nameof(FfmpegLogBridgeTests), DisableParallelization = true)]
public sealed class FfmpegLogCollection;

/// <summary>
/// FFmpeg's real messages, formatted from their real va_list by the real libavutil, through the
/// bridge into a logger. The bridge is process-wide, so these tests run alone.
/// </summary>
[Collection(nameof(FfmpegLogBridgeTests))]
public sealed unsafe class FfmpegLogBridgeTests : IDisposable
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, nint> Formats = new();

    private readonly ListLogger _logger = new();

    public FfmpegLogBridgeTests()
    {
        _ = FfmpegLibrary.Load();
        FfmpegLogBridge.Attach(_logger);
    }

    public void Dispose() => FfmpegLogBridge.Detach();

    [Theory]
    [InlineData(AV_LOG_PANIC, LogLevel.Critical)]
    [InlineData(AV_LOG_FATAL, LogLevel.Critical)]
    [InlineData(AV_LOG_ERROR, LogLevel.Error)]
    [InlineData(AV_LOG_WARNING, LogLevel.Warning)]
    [InlineData(AV_LOG_INFO, LogLevel.Debug)]
    [InlineData(AV_LOG_VERBOSE, LogLevel.Debug)]
    [InlineData(AV_LOG_DEBUG, LogLevel.Trace)]
    [InlineData(AV_LOG_TRACE, LogLevel.Trace)]
    public void Levels_map_to_the_loggers(int avLevel, LogLevel expected) =>
        Assert.Equal(expected, FfmpegLogBridge.MapLevel(avLevel));

    // av_opt_set reports an unparsable number through av_log(obj, AV_LOG_ERROR, "Unable to parse
    // option value \"%s\"\n", val): the %s comes from the va_list, the name from the AVClass.
    [FfmpegFact]
    public void A_message_with_arguments_is_formatted_and_named_by_its_component()
    {
        var context = AllocateContext("libx264");
        try
        {
            using var name = new Utf8Z("b");
            using var value = new Utf8Z("not-a-bitrate");
            Assert.True(Avutil.av_opt_set(context, name.Pointer, value.Pointer, AV_OPT_SEARCH_CHILDREN) < 0);
        }
        finally
        {
            Avcodec.avcodec_free_context(&context);
        }

        Assert.Contains("Error: libx264: Unable to parse option value \"not-a-bitrate\"", _logger.Lines);
        Assert.DoesNotContain(_logger.Lines, line => line.Contains(" @ 0x", StringComparison.Ordinal));
    }

    [FfmpegFact]
    public void Pieces_without_a_newline_are_joined_into_one_line()
    {
        AvLog(null, AV_LOG_WARNING, "first half, ");
        AvLog(null, AV_LOG_WARNING, "second half\n");
        AvLog(null, AV_LOG_WARNING, "two lines\nin one message\n");

        Assert.Equal(
            ["Warning: ffmpeg: first half, second half", "Warning: ffmpeg: two lines", "Warning: ffmpeg: in one message"],
            _logger.Lines);
    }

    [FfmpegFact]
    public void Messages_below_the_loggers_level_are_not_logged()
    {
        AvLog(null, AV_LOG_DEBUG, "per-frame detail\n");
        Assert.Contains("Trace: ffmpeg: per-frame detail", _logger.Lines);

        var quiet = new ListLogger(LogLevel.Warning);
        FfmpegLogBridge.Attach(quiet);
        AvLog(null, AV_LOG_DEBUG, "per-frame detail\n");
        AvLog(null, AV_LOG_INFO, "chatter\n");
        AvLog(null, AV_LOG_WARNING, "worth a look\n");
        Assert.Equal(["Warning: ffmpeg: worth a look"], quiet.Lines);
    }

    [FfmpegFact]
    public void While_probing_errors_are_debug_and_kept_for_the_probes_report()
    {
        string said;
        using (var probe = FfmpegLogBridge.Probe())
        {
            AvLog(null, AV_LOG_ERROR, "Could not find a valid device\n");
            said = probe.Errors;
        }
        AvLog(null, AV_LOG_ERROR, "after the probe\n");

        Assert.Equal("Could not find a valid device", said);
        Assert.Equal(["Debug: ffmpeg: Could not find a valid device", "Error: ffmpeg: after the probe"], _logger.Lines);
    }

    // The default list tries hardware encoders first; on a machine without them FFmpeg complains
    // (h264_v4l2m2m: "Could not find a valid device", h264_vaapi: "pixel format ... invalid").
    [FfmpegFact]
    public void Opening_through_the_default_list_logs_ffmpeg_only_at_debug_and_never_raw()
    {
        var encoderLog = new ListLogger();
        using (FfmpegVideoEncoder.Open(new VideoEncoderSettings { Width = 320, Height = 240, FramesPerSecond = 25 }, unit => unit.Release(), logger: encoderLog))
        {
        }

        var ffmpegLines = _logger.Lines;
        Assert.Contains(ffmpegLines, line => line.StartsWith("Debug: libx264: ", StringComparison.Ordinal)); // "using cpu capabilities", "profile ..."
        Assert.All(ffmpegLines, line => Assert.True(line.StartsWith("Debug:", StringComparison.Ordinal) || line.StartsWith("Trace:", StringComparison.Ordinal), line));
        Assert.DoesNotContain(ffmpegLines, line => line.Contains(" @ 0x", StringComparison.Ordinal));
        // What FFmpeg said about an encoder that did not open is in Edge's own line for it.
        foreach (var skipped in encoderLog.Lines.Where(line => line.Contains("skipped: avcodec_open2", StringComparison.Ordinal)))
            Assert.Contains("FFmpeg said: ", skipped, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeating_call_site_is_logged_ten_times_in_ten_seconds()
    {
        var limiter = new FfmpegLogLimiter(TimeSpan.FromSeconds(10), perWindow: 10);
        var verdicts = Enumerable.Range(0, 12).Select(_ => limiter.Admit(0x1234)).ToArray();

        Assert.Equal(9, verdicts.Count(v => v == FfmpegLogLimiter.Verdict.Log));
        Assert.Equal(FfmpegLogLimiter.Verdict.LogLastBeforeQuiet, verdicts[9]);
        Assert.Equal([FfmpegLogLimiter.Verdict.Drop, FfmpegLogLimiter.Verdict.Drop], verdicts[10..]);
        Assert.Equal(FfmpegLogLimiter.Verdict.Log, limiter.Admit(0x5678)); // another site has its own budget
    }

    private static AVCodecContext* AllocateContext(string encoder)
    {
        using var name = new Utf8Z(encoder);
        var codec = Avcodec.avcodec_find_encoder_by_name(name.Pointer);
        Assert.True(codec is not null, $"{encoder} is not in this FFmpeg");
        return Avcodec.avcodec_alloc_context3(codec);
    }

    // av_log(avcl, level, fmt, ...) with a format that takes no arguments: a variadic call
    // without variadic arguments is an ordinary call on x86_64 and AArch64. Each text keeps one
    // address for the life of the process, as a C call site's format string does.
    private static void AvLog(void* avcl, int level, string text)
    {
        var library = NativeLibrary.Load(FfmpegLibrary.Load().AvutilSoname);
        var avLog = (delegate* unmanaged[Cdecl]<void*, int, byte*, void>)NativeLibrary.GetExport(library, "av_log");
        var format = Formats.GetOrAdd(text, t => Marshal.StringToCoTaskMemUTF8(t.Replace("%", "%%", StringComparison.Ordinal)));
        avLog(avcl, level, (byte*)format);
    }
}

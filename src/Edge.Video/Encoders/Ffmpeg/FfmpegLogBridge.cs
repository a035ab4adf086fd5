using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using static Edge.Video.Encoders.Ffmpeg.Interop;

namespace Edge.Video.Encoders.Ffmpeg;

/// <summary>
/// FFmpeg's own messages (<c>av_log</c>), through Edge's logger: one log line per message line,
/// at a level mapped from FFmpeg's, named by the component that said it (<c>libx264</c>,
/// <c>h264_v4l2m2m</c>, <c>h264_v4l2m2m/Eval</c> for a child object), never the raw
/// <c>[libx264 @ 0x…]</c> line FFmpeg prints by itself.
/// </summary>
/// <remarks>
/// <para><b>va_list.</b> FFmpeg hands its callback a <c>va_list</c>, which the bridge never
/// reads: it passes the value on to <c>av_log_format_line2</c>, which formats the message. On
/// every ABI Edge runs on that value is one pointer-sized argument: on x86_64 (System V)
/// <c>va_list</c> is an array of one 24-byte struct, which decays to a pointer; on AArch64
/// (AAPCS64) it is a 32-byte struct, and composites over 16 bytes are passed as a pointer to a
/// copy the callee owns; on 32-bit ARM it is a 4-byte struct passed in a register. So the
/// callback takes it as <see cref="nint"/> and hands the same value on, unchanged.</para>
/// <para><b>Partial lines.</b> FFmpeg sometimes builds one line from several calls; text without
/// a final newline waits, per thread, for the rest (at most 4 KiB).</para>
/// <para><b>Levels.</b> Fatal and panic → Critical, error → Error, warning → Warning; info and
/// verbose → Debug, because FFmpeg's info level is its chatter (CPU features, the profile it
/// chose, end-of-stream statistics) and Edge reports what a user needs itself; debug and trace →
/// Trace. While an encoder is being probed (see <see cref="Probe"/>) nothing is logged above
/// Debug: an encoder that does not open on this board is expected, and its reason is reported
/// with Edge's own line. A call site that repeats is logged at most 10 times in 10 s.</para>
/// <para>Before <see cref="Attach"/>, messages go to FFmpeg's default printer (errors only), as if
/// no callback were set.</para>
/// </remarks>
public static unsafe partial class FfmpegLogBridge
{
    private const int LineSize = 1024; // what FFmpeg's own printer uses
    private const int MaxPendingChars = 4096;

    private static readonly FfmpegLogLimiter Limiter = new(TimeSpan.FromSeconds(10), perWindow: 10);
    private static ILogger? s_logger;
    private static volatile int s_threshold = AV_LOG_ERROR;

    [ThreadStatic]
    private static PendingLine? t_pending;

    [ThreadStatic]
    private static FfmpegProbe? t_probe;

    /// <summary>
    /// Sends FFmpeg's messages to <paramref name="logger"/> from now on (process-wide), with FFmpeg
    /// told the most verbose level the logger takes, so it formats nothing that would be dropped.
    /// </summary>
    public static void Attach(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        lock (FfmpegLibrary.LoadLock)
        {
            s_threshold = MostVerboseEnabled(logger);
            Volatile.Write(ref s_logger, logger);
            if (FfmpegLibrary.IsLoaded)
                Avutil.av_log_set_level(s_threshold);
        }
    }

    /// <summary>Hands FFmpeg's messages back to its own printer (errors only), e.g. when the logger is disposed.</summary>
    public static void Detach()
    {
        lock (FfmpegLibrary.LoadLock)
        {
            Volatile.Write(ref s_logger, null);
            s_threshold = AV_LOG_ERROR;
            if (FfmpegLibrary.IsLoaded)
                Avutil.av_log_set_level(AV_LOG_ERROR);
        }
    }

    /// <summary>The <c>ILogger</c> level an FFmpeg <c>AV_LOG_*</c> level is logged at.</summary>
    public static LogLevel MapLevel(int avLevel) => avLevel switch
    {
        <= AV_LOG_FATAL => LogLevel.Critical,
        <= AV_LOG_ERROR => LogLevel.Error,
        <= AV_LOG_WARNING => LogLevel.Warning,
        <= AV_LOG_VERBOSE => LogLevel.Debug,
        _ => LogLevel.Trace,
    };

    /// <summary>
    /// Marks this thread as probing an encoder until the result is disposed: FFmpeg's messages
    /// meanwhile are Debug at most, and its errors are kept for the probe's own report.
    /// </summary>
    internal static FfmpegProbe Probe() => t_probe = new FfmpegProbe(t_probe);

    internal static void EndProbe(FfmpegProbe probe) => t_probe = probe.Outer;

    /// <summary>Points FFmpeg's log at the bridge; called once, when the libraries are bound, under <see cref="FfmpegLibrary.LoadLock"/>.</summary>
    internal static void Install()
    {
        Avutil.av_log_set_level(Volatile.Read(ref s_logger) is null ? AV_LOG_ERROR : s_threshold);
        Avutil.av_log_set_callback(&OnMessage);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnMessage(void* avcl, int level, byte* format, nint vaList)
    {
        try
        {
            Handle(avcl, level, format, vaList);
        }
#pragma warning disable CA1031 // an exception must not unwind into FFmpeg's C frames: it would end the process
        catch (Exception)
#pragma warning restore CA1031
        {
            t_pending = null;
        }
    }

    private static void Handle(void* avcl, int level, byte* format, nint vaList)
    {
        var logger = Volatile.Read(ref s_logger);
        var probe = t_probe;
        if (logger is null && probe is null)
        {
            Avutil.av_log_default_callback(avcl, level, format, vaList);
            return;
        }

        var capture = probe is not null && level <= AV_LOG_ERROR;
        if (level > s_threshold && !capture)
            return; // the common case for per-frame debug output: dropped before any formatting

        var buffer = stackalloc byte[LineSize];
        var printPrefix = 0; // the prefix names the component by address; the component is taken from the AVClass instead
        var length = Avutil.av_log_format_line2(avcl, level, format, vaList, buffer, LineSize, &printPrefix);
        if (length < 0)
            return;
        var text = Encoding.UTF8.GetString(buffer, Math.Min(length, LineSize - 1));

        var pending = t_pending ??= new PendingLine();
        if (pending.Text.Length == 0)
        {
            pending.Level = level;
            pending.Format = (nint)format;
            pending.Component = ComponentName(avcl);
        }
        else
        {
            pending.Level = Math.Min(pending.Level, level);
        }
        pending.Text.Append(text);
        if (!(text.EndsWith('\n') || text.EndsWith('\r')) && pending.Text.Length < MaxPendingChars)
            return;

        var message = pending.Text.ToString();
        pending.Text.Clear();
        foreach (var range in message.AsSpan().SplitAny('\n', '\r'))
        {
            var line = Sanitize(message.AsSpan(range).Trim());
            if (line.Length > 0)
                Emit(logger, probe, pending.Level, pending.Format, pending.Component, line);
        }
    }

    private static void Emit(ILogger? logger, FfmpegProbe? probe, int avLevel, nint format, string component, string line)
    {
        var level = MapLevel(avLevel);
        if (probe is not null)
        {
            if (avLevel <= AV_LOG_ERROR)
                probe.Add(line);
            if (level > LogLevel.Debug)
                level = LogLevel.Debug;
        }

        if (logger is null || !logger.IsEnabled(level))
            return;
        switch (Limiter.Admit(format))
        {
            case FfmpegLogLimiter.Verdict.Log:
                LogMessage(logger, level, component, line);
                break;
            case FfmpegLogLimiter.Verdict.LogLastBeforeQuiet:
                LogRepeated(logger, level, component, line);
                break;
        }
    }

    private static string ComponentName(void* avcl)
    {
        var name = ItemName(avcl);
        if (name is null)
            return "ffmpeg";
        var avClass = *(byte**)avcl;
        var parentOffset = *(int*)(avClass + AVClassLayout.ParentLogContextOffset);
        if (parentOffset != 0 && *(void**)((byte*)avcl + parentOffset) is var parent && parent is not null && ItemName(parent) is { } parentName)
            return parentName + "/" + name;
        return name;
    }

    // The AVClass's item_name(ctx), e.g. an AVCodecContext gives its codec's name; null without a class.
    private static string? ItemName(void* context)
    {
        if (context is null)
            return null;
        var avClass = *(byte**)context;
        if (avClass is null)
            return null;
        var itemName = *(delegate* unmanaged[Cdecl]<void*, byte*>*)(avClass + AVClassLayout.ItemName);
        var name = itemName is null ? *(byte**)avClass : itemName(context);
        return name is null ? null : Marshal.PtrToStringUTF8((nint)name);
    }

    // Control characters would break a journal line or a terminal; FFmpeg's own printer replaces them too.
    private static string Sanitize(ReadOnlySpan<char> line)
    {
        Span<char> copy = line.Length <= 256 ? stackalloc char[line.Length] : new char[line.Length];
        for (var i = 0; i < line.Length; i++)
            copy[i] = char.IsControl(line[i]) && line[i] != '\t' ? '?' : line[i];
        return new string(copy);
    }

    private static int MostVerboseEnabled(ILogger logger)
    {
        foreach (var level in (ReadOnlySpan<int>)[AV_LOG_TRACE, AV_LOG_DEBUG, AV_LOG_VERBOSE, AV_LOG_INFO, AV_LOG_WARNING, AV_LOG_ERROR, AV_LOG_FATAL])
        {
            if (logger.IsEnabled(MapLevel(level)))
                return level;
        }
        return AV_LOG_PANIC;
    }

    [LoggerMessage(EventId = 2210, Message = "{Component}: {Message}")]
    private static partial void LogMessage(ILogger logger, LogLevel level, string component, string message);

    [LoggerMessage(EventId = 2211, Message = "{Component}: {Message} (repeated; more like this are not logged for 10 s)")]
    private static partial void LogRepeated(ILogger logger, LogLevel level, string component, string message);

    private sealed class PendingLine
    {
        public StringBuilder Text { get; } = new();

        public int Level { get; set; }

        public nint Format { get; set; }

        public string Component { get; set; } = "";
    }
}

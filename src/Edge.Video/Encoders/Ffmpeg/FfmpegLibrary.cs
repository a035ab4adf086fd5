using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;
using static Edge.Video.Encoders.Ffmpeg.Interop;

namespace Edge.Video.Encoders.Ffmpeg;

/// <summary>
/// The FFmpeg libraries installed on this system (libavcodec and libavutil), found by soname and
/// bound through function pointers, so one binary runs on every distribution from FFmpeg 4.4 to 9.0.
/// </summary>
/// <remarks>
/// Probing tries <c>libavcodec.so.63</c> (FFmpeg 9.0) down to <c>.so.58</c> (4.4), each with its
/// matching <c>libavutil</c>, and checks the versions the libraries report. Struct offsets are
/// then taken from tables keyed by those major versions. The libraries stay loaded for the life of
/// the process.
/// </remarks>
public sealed unsafe class FfmpegLibrary
{
    // (libavcodec major, libavutil major), newest first.
    private static readonly (int Codec, int Util)[] Sonames = [(63, 61), (62, 60), (61, 59), (60, 58), (59, 57), (58, 56)];
    internal static readonly Lock LoadLock = new();
    private static FfmpegLibrary? s_loaded;

    private FfmpegLibrary(string avcodecSoname, string avutilSoname, uint avcodecVersion, uint avutilVersion, AVFrameLayout frame, AVPacketLayout packet, FfmpegAbi abi)
    {
        AvcodecSoname = avcodecSoname;
        AvutilSoname = avutilSoname;
        AvcodecVersion = ToVersion(avcodecVersion);
        AvutilVersion = ToVersion(avutilVersion);
        FrameLayout = frame;
        PacketLayout = packet;
        Abi = abi;
    }

    /// <summary>True once <see cref="Load"/> or <see cref="TryLoad"/> has succeeded in this process.</summary>
    internal static bool IsLoaded => Volatile.Read(ref s_loaded) is not null;

    /// <summary>The file name libavcodec was loaded by, e.g. <c>libavcodec.so.59</c>.</summary>
    public string AvcodecSoname { get; }

    /// <summary>The file name libavutil was loaded by.</summary>
    public string AvutilSoname { get; }

    /// <summary>What <c>avcodec_version()</c> reported, e.g. 59.37.100.</summary>
    public Version AvcodecVersion { get; }

    /// <summary>What <c>avutil_version()</c> reported.</summary>
    public Version AvutilVersion { get; }

    internal AVFrameLayout FrameLayout { get; }

    internal AVPacketLayout PacketLayout { get; }

    internal FfmpegAbi Abi { get; }

    /// <summary>Loads FFmpeg (once per process) or throws an <see cref="FfmpegException"/> that lists every soname tried and why it failed.</summary>
    public static FfmpegLibrary Load() =>
        TryLoad(out var library, out var error) ? library : throw new FfmpegException(error);

    /// <summary>Loads FFmpeg (once per process); on failure <paramref name="error"/> says what was tried.</summary>
    public static bool TryLoad([NotNullWhen(true)] out FfmpegLibrary? library, out string error)
    {
        lock (LoadLock)
        {
            library = s_loaded;
            error = "";
            if (library is not null)
                return true;

            var abi = CurrentAbi();
            if (abi is null)
            {
                error = $"FFmpeg encoding is not supported on {RuntimeInformation.ProcessArchitecture}: Edge knows FFmpeg's struct layouts for 64-bit targets and 32-bit ARM only.";
                return false;
            }

            var tried = new StringBuilder();
            foreach (var (codecMajor, utilMajor) in Sonames)
            {
                var codecName = $"libavcodec.so.{codecMajor}";
                var utilName = $"libavutil.so.{utilMajor}";
                if (!NativeLibrary.TryLoad(utilName, out var util))
                {
                    tried.Append($"; {utilName}: not found");
                    continue;
                }

                if (!NativeLibrary.TryLoad(codecName, out var codec))
                {
                    tried.Append($"; {codecName}: not found");
                    continue;
                }

                if (TryBind(codecName, utilName, codec, util, abi.Value, out library, out var reason))
                {
                    FfmpegLogBridge.Install();
                    s_loaded = library;
                    return true;
                }

                tried.Append($"; {codecName}: {reason}");
            }

            error = "No usable FFmpeg found (tried " + tried.ToString(2, tried.Length - 2) +
                    "). Install FFmpeg's shared libraries, e.g. 'apt-get install libavcodec59' on Debian 12 / Raspberry Pi OS bookworm, 'libavcodec61' on Debian 13.";
            return false;
        }
    }

    /// <summary>True when this FFmpeg build contains an encoder of that name (e.g. <c>libx264</c>).</summary>
    public bool HasEncoder(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var utf8 = new Utf8Z(name);
        return Avcodec.avcodec_find_encoder_by_name(utf8.Pointer) != null;
    }

    /// <summary>True when this FFmpeg build contains a decoder of that name (e.g. <c>mjpeg</c>).</summary>
    public bool HasDecoder(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var utf8 = new Utf8Z(name);
        return Avcodec.avcodec_find_decoder_by_name(utf8.Pointer) != null;
    }

    /// <summary>
    /// Sets how much FFmpeg itself prints to standard error (process-wide): an <c>AV_LOG_*</c> level,
    /// e.g. 16 (error, the default Edge sets), 24 (warning), -8 (quiet).
    /// </summary>
    public static void SetLogLevel(int level)
    {
        _ = Load();
        Avutil.av_log_set_level(level);
    }

    /// <summary>FFmpeg's text for an AVERROR code, e.g. "Invalid argument".</summary>
    public static string DescribeError(int errorCode)
    {
        const int Size = 128;
        if (Avutil.av_strerror is null)
            return $"AVERROR {errorCode}";
        var buffer = stackalloc byte[Size];
        if (Avutil.av_strerror(errorCode, buffer, Size) < 0)
            return $"unknown error {errorCode}";
        return Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(buffer));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"FFmpeg libavcodec {AvcodecVersion} ({AvcodecSoname}), libavutil {AvutilVersion}";

    private static bool TryBind(string codecName, string utilName, nint codec, nint util, FfmpegAbi abi,
        [NotNullWhen(true)] out FfmpegLibrary? library, out string reason)
    {
        library = null;
        try
        {
            Avutil.Bind(util);
            Avcodec.Bind(codec);
        }
        catch (EntryPointNotFoundException ex)
        {
            reason = ex.Message;
            return false;
        }

        var codecVersion = Avcodec.avcodec_version();
        var utilVersion = Avutil.avutil_version();
        var codecMajor = VersionMajor(codecVersion);
        var utilMajor = VersionMajor(utilVersion);
        var frame = AVFrameLayout.For(utilMajor, abi);
        var packet = AVPacketLayout.For(codecMajor, abi);
        if (frame is null || packet is null)
        {
            reason = $"reports libavcodec {ToVersion(codecVersion)} / libavutil {ToVersion(utilVersion)}, " +
                     $"whose struct layouts this build of Edge does not know (it knows libavcodec {AVPacketLayout.MinMajor}–{AVPacketLayout.MaxMajor}, libavutil {AVFrameLayout.MinMajor}–{AVFrameLayout.MaxMajor})";
            return false;
        }

        library = new FfmpegLibrary(codecName, utilName, codecVersion, utilVersion, frame, packet, abi);
        reason = "";
        return true;
    }

    private static FfmpegAbi? CurrentAbi() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.Arm => FfmpegAbi.Armhf,
        Architecture.X86 or Architecture.Armv6 => null,
        _ when IntPtr.Size == 8 => FfmpegAbi.Lp64,
        _ => null,
    };
}

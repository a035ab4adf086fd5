using System.Globalization;
using System.Text.RegularExpressions;

namespace Edge.Tests.Shared;

/// <summary>
/// The syntax elements of an H.264 stream's SPS and PPS as FFmpeg's own header parser prints them
/// (<c>ffmpeg -v trace … -bsf:v trace_headers</c>): <c>profile_idc</c>, <c>level_idc</c>,
/// <c>entropy_coding_mode_flag</c> (1 is CABAC), <c>transform_8x8_mode_flag</c>… The first value of each wins.
/// </summary>
internal static partial class H264TraceHeaders
{
    /// <summary>The arguments that make ffmpeg print the headers of <paramref name="input"/>'s first picture (on standard error).</summary>
    public static string[] FfmpegArguments(string input, params string[] inputOptions) =>
        ["-nostdin", "-v", "trace", .. inputOptions, "-i", input, "-c", "copy", "-bsf:v", "trace_headers", "-frames:v", "1", "-f", "null", "-"];

    public static Dictionary<string, long> Parse(string ffmpegStandardError)
    {
        var elements = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match match in TraceLine().Matches(ffmpegStandardError))
            elements.TryAdd(match.Groups[1].Value, long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        return elements;
    }

    // "[trace_headers @ 0x…] 10          entropy_coding_mode_flag      1 = 1"
    [GeneratedRegex(@"\[trace_headers @ [^\]]+\] +\d+ +(\w+) +[01]+ = (-?\d+)")]
    private static partial Regex TraceLine();
}

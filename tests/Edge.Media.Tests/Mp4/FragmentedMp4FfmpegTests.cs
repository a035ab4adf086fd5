using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Edge.Media.H264;
using Edge.Media.Mp4;
using Edge.Media.Tests.Support;

namespace Edge.Media.Tests.Mp4;

/// <summary>Has the real ffprobe and ffmpeg read what the muxer writes from libx264's output.</summary>
public sealed class FragmentedMp4FfmpegTests
{
    [FfmpegTheory]
    [InlineData("320x240", "baseline", 50, 10)]
    [InlineData("640x360", "high", 40, 25)]
    public async Task Ffmpeg_decodes_every_frame_of_the_fragmented_stream_without_errors(string size, string profile, int frames, int gop)
    {
        var stream = Ffmpeg.EncodeTestSource(size, "25", frames, "h264",
            "-pix_fmt", "yuv420p", "-profile:v", profile, "-bf", "0", "-g", gop.ToString(CultureInfo.InvariantCulture));
        var units = new List<byte[]>();
        var splitter = new AnnexBAccessUnitSplitter();
        splitter.Push(stream, unit => units.Add(unit.ToArray()));
        splitter.Flush(unit => units.Add(unit.ToArray()));
        Assert.Equal(frames, units.Count);
        Assert.True(H264Parameters.TryCreate(units[0], out var parameters));

        var file = new ArrayBufferWriter<byte>();
        file.Write(FragmentedMp4InitSegment.Create(parameters));
        var fragmenter = new FragmentedMp4Fragmenter();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < units.Count; i++)
        {
            var isKeyframe = Nal.SplitAnnexB(units[i]).Any(n => Nal.Type(n) == 5);
            fragmenter.Write(file, units[i], start + (i * Stopwatch.Frequency / 25), isKeyframe);
        }
        var path = Path.Combine(Path.GetTempPath(), $"edge-fmp4-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(path, file.WrittenSpan.ToArray());
        try
        {
            var probe = await Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_frames",
                "-show_entries", "frame=width,height,key_frame,best_effort_timestamp_time", "-of", "csv=p=0", path);
            var rows = probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("", probe.Stderr);
            Assert.Equal(frames, rows.Length);
            var (width, height) = (int.Parse(size.Split('x')[0], CultureInfo.InvariantCulture), int.Parse(size.Split('x')[1], CultureInfo.InvariantCulture));
            Assert.All(rows, row => Assert.Contains($"{width},{height}", row, StringComparison.Ordinal));
            Assert.Equal((frames + gop - 1) / gop, rows.Count(r => r.StartsWith("1,", StringComparison.Ordinal)));
            // The last frame sits at its capture time: (frames - 1) / 25 s after the first.
            var lastTime = double.Parse(rows[^1].Split(',')[1], CultureInfo.InvariantCulture); // key_frame,time,width,height
            Assert.Equal((frames - 1) / 25.0, lastTime, 3);

            var decode = await Run("ffmpeg", "-v", "error", "-nostdin", "-i", path, "-f", "null", "-");
            Assert.Equal(0, decode.ExitCode);
            Assert.Equal("", decode.Stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, (await stderr).Trim());
    }
}

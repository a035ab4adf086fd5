using Edge.Video.Sources;
using Edge.Video.Sources.File;
using Edge.Video.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Video.Tests.Sources;

public sealed class H264FileSourceTests
{
    [FfmpegFact]
    public async Task File_IsPlayedInALoop_AtTheFrameRate()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edge-file-source-{Guid.NewGuid():N}.h264");
        var encode = ExternalTools.Run("ffmpeg",
            ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=50", "-frames:v", "20", "-c:v", "libx264", "-g", "10", "-y", "-f", "h264", path],
            TimeSpan.FromSeconds(30));
        Assert.Equal(0, encode.ExitCode);
        try
        {
            var source = new H264FileSource(path, 50, NullLogger.Instance);
            var timestamps = new List<long>();
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1.2));
            await source.RunAsync((_, time) => timestamps.Add(time), cancel.Token).WaitAsync(TimeSpan.FromSeconds(10));

            // 1.2 s at 50 fps is 60 pictures: the 20-picture file played three times.
            Assert.InRange(timestamps.Count, 50, 62);
            Assert.True(timestamps.Zip(timestamps.Skip(1)).All(p => p.Second > p.First));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task MissingOrUselessFile_IsAClearError()
    {
        var missing = new H264FileSource("/nonexistent/demo.h264", 25, NullLogger.Instance);
        var error = await Assert.ThrowsAsync<CameraSourceException>(() => missing.RunAsync((_, _) => { }, CancellationToken.None));
        Assert.Contains("/nonexistent/demo.h264 does not exist", error.Message, StringComparison.Ordinal);

        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "this is not video");
            var useless = new H264FileSource(path, 25, NullLogger.Instance);
            error = await Assert.ThrowsAsync<CameraSourceException>(() => useless.RunAsync((_, _) => { }, CancellationToken.None));
            Assert.Contains("holds no H.264 IDR picture", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

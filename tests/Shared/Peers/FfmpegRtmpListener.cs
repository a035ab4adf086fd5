using System.Globalization;

namespace Edge.Tests.Shared.Peers;

/// <summary>
/// <c>ffmpeg -listen 1</c> as a one-shot RTMP server that records what one publisher sends into
/// an FLV file (<c>-c copy</c>): a second, stricter RTMP implementation than nginx-rtmp, whose
/// warnings (<c>-v warning</c>) are kept for the test to check.
/// </summary>
public sealed class FfmpegRtmpListener : IDisposable
{
    private readonly PeerProcess _process;

    private FfmpegRtmpListener(PeerProcess process, int port, string url, string outputFile)
    {
        _process = process;
        Port = port;
        Url = url;
        OutputFile = outputFile;
    }

    public int Port { get; }

    /// <summary>The URL to publish to.</summary>
    public string Url { get; }

    /// <summary>The FLV file ffmpeg writes.</summary>
    public string OutputFile { get; }

    /// <summary>What ffmpeg printed (warnings and errors only).</summary>
    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts ffmpeg listening on a free port for <c>rtmp://127.0.0.1:PORT/app/key</c> and waits until it listens.</summary>
    public static async Task<FfmpegRtmpListener> StartAsync(string outputFile, string application = "live", string streamKey = "key")
    {
        var port = LoopbackPorts.GetFree();
        var url = $"rtmp://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{application}/{streamKey}";
        var process = PeerProcess.Start("ffmpeg",
            ["-nostdin", "-hide_banner", "-v", "warning", "-listen", "1", "-f", "flv", "-i", url, "-c", "copy", "-f", "flv", "-y", outputFile]);
        var listener = new FfmpegRtmpListener(process, port, url, outputFile);
        try
        {
            await LoopbackPorts.WaitUntilListeningAsync(port, process, TimeSpan.FromSeconds(10));
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Waits for ffmpeg to finish the file after the publisher left; false when it is still running.</summary>
    public Task<bool> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    public void Dispose() => _process.Dispose();
}

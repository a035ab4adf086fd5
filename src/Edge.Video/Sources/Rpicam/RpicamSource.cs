using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Edge.Media.H264;
using Microsoft.Extensions.Logging;

namespace Edge.Video.Sources.Rpicam;

/// <summary>
/// A camera whose pictures come, already encoded, from a child process: by default
/// <c>rpicam-vid</c>, the only way to use CSI cameras (Camera Module 2/3, HQ) on current
/// Raspberry Pi OS, where they need libcamera. Any program that writes an H.264 Annex B stream
/// to its standard output works the same way.
/// </summary>
/// <remarks>
/// <para>When the program is <c>rpicam-vid</c> or <c>libcamera-vid</c>, the size, frame rate,
/// bitrate, keyframe interval and profile from the camera's table are added to its arguments,
/// unless the configured command already sets them. Other programs are run exactly as written.</para>
/// <para>One run of <see cref="RunAsync"/> is one run of the program. When it exits, hangs or
/// cannot start, <see cref="RunAsync"/> throws with a message that says why (including the
/// program's last lines of output); the camera supervisor starts it again with back-off.</para>
/// <para>Access units are cut from the byte stream by <see cref="AnnexBAccessUnitSplitter"/>, which
/// can only see that a picture is complete when the next one begins: this source adds one frame
/// interval of latency.</para>
/// </remarks>
public sealed partial class RpicamSource
{
    private const int ReadBufferBytes = 64 * 1024;
    private const int StderrLinesKept = 8;

    private static readonly string[] RpicamPrograms = ["rpicam-vid", "libcamera-vid"];

    private readonly RpicamSourceOptions _options;
    private readonly ILogger _logger;
    private readonly Queue<string> _lastErrorLines = new();
    private readonly Lock _errorLinesLock = new();

    /// <summary>Creates the source; nothing runs until <see cref="RunAsync"/>.</summary>
    public RpicamSource(RpicamSourceOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        Arguments = BuildArguments(options);
    }

    /// <summary>The program and arguments that will run (program first).</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Access units delivered by the current or last run.</summary>
    public long UnitsDelivered { get; private set; }

    /// <summary>
    /// Builds the argument list from the configured command, adding the camera's settings for
    /// rpicam-vid. Throws <see cref="FormatException"/> for a command that cannot be split.
    /// </summary>
    public static IReadOnlyList<string> BuildArguments(RpicamSourceOptions options)
    {
        var words = CommandLine.Split(options.Command).ToList();
        if (words.Count == 0)
            throw new FormatException($"{options.ConfigKey} is empty; it must name a program that writes H.264 to stdout");
        if (!RpicamPrograms.Contains(Path.GetFileName(words[0]), StringComparer.Ordinal))
            return words;

        void AddUnlessPresent(string option, string value)
        {
            if (!words.Any(w => w == option || w.StartsWith(option + "=", StringComparison.Ordinal)))
                words.AddRange([option, value]);
        }

        var invariant = CultureInfo.InvariantCulture;
        AddUnlessPresent("--width", options.Width.ToString(invariant));
        AddUnlessPresent("--height", options.Height.ToString(invariant));
        AddUnlessPresent("--framerate", options.FramesPerSecond.ToString(invariant));
        AddUnlessPresent("--bitrate", (options.BitrateKbps * 1000L).ToString(invariant));
        AddUnlessPresent("--intra", options.KeyframeIntervalFrames.ToString(invariant));
        AddUnlessPresent("--profile", options.Profile);
        if (!words.Contains("-n") && !words.Contains("--nopreview"))
            words.Add("--nopreview");
        return words;
    }

    /// <summary>
    /// Runs the program and hands every access unit to <paramref name="onUnit"/> until
    /// cancelled (returns) or the program fails (throws <see cref="CameraSourceException"/>).
    /// </summary>
    public async Task RunAsync(EncodedUnitHandler onUnit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onUnit);
        UnitsDelivered = 0;
        lock (_errorLinesLock)
            _lastErrorLines.Clear();

        using var process = Start();
        LogStarted(_logger, Arguments[0], process.Id);
        var stderr = DrainStandardErrorAsync(process);
        try
        {
            await PumpAsync(process, onUnit, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            StopProcess(process);
            await stderr.ConfigureAwait(false);
        }
    }

    private Process Start()
    {
        var start = new ProcessStartInfo(Arguments[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments.Skip(1))
            start.ArgumentList.Add(argument);

        // The child is not the service systemd supervises: it must not talk to systemd's notify
        // socket or believe it owns the watchdog.
        start.Environment.Remove("NOTIFY_SOCKET");
        start.Environment.Remove("WATCHDOG_USEC");
        start.Environment.Remove("WATCHDOG_PID");

        try
        {
            return Process.Start(start) ?? throw new CameraSourceException($"{Arguments[0]} could not be started");
        }
        catch (Win32Exception e)
        {
            var hint = RpicamPrograms.Contains(Path.GetFileName(Arguments[0]), StringComparer.Ordinal)
                ? "install it with \"sudo apt install rpicam-apps\", or "
                : "";
            throw new CameraSourceException(
                $"{Arguments[0]} could not be started ({e.Message}); {hint}set {_options.ConfigKey} to a program that writes H.264 to stdout", e);
        }
    }

    private async Task PumpAsync(Process process, EncodedUnitHandler onUnit, CancellationToken cancellationToken)
    {
        var splitter = new AnnexBAccessUnitSplitter();
        var smoother = new FrameTimestampSmoother(_options.FramesPerSecond);
        var buffer = new byte[ReadBufferBytes];
        var output = process.StandardOutput.BaseStream;
        void Deliver(ReadOnlySpan<byte> unit)
        {
            UnitsDelivered++;
            onUnit(unit, smoother.Next(Stopwatch.GetTimestamp()));
        }

        // One deadline source for the whole run, re-armed before each read (not one per read:
        // reads happen once or more per frame).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            var timeout = UnitsDelivered == 0 ? _options.FirstUnitTimeout : _options.StallTimeout;
            deadline.CancelAfter(timeout);
            int read;
            try
            {
                read = await output.ReadAsync(buffer, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var what = UnitsDelivered == 0 ? "no video" : "the video stopped";
                throw new CameraSourceException(
                    $"{what} from {Arguments[0]} for {timeout.TotalSeconds:0} s{LastErrorLinesSuffix()}");
            }

            if (read == 0)
            {
                splitter.Flush(Deliver);
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                var exit = process.HasExited ? $"exited with code {process.ExitCode}" : "closed its output";
                throw new CameraSourceException($"{Arguments[0]} {exit}{LastErrorLinesSuffix()}");
            }

            try
            {
                splitter.Push(buffer.AsSpan(0, read), Deliver);
            }
            catch (InvalidDataException e)
            {
                throw new CameraSourceException($"{Arguments[0]}: {e.Message}", e);
            }
        }
    }

    private async Task DrainStandardErrorAsync(Process process)
    {
        try
        {
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                // Kept, not logged: rpicam-vid reports every frame when verbose. The last lines
                // explain a failure, and they go into its message.
                if (line.Length > 300)
                    line = line[..300];
                lock (_errorLinesLock)
                {
                    _lastErrorLines.Enqueue(line);
                    while (_lastErrorLines.Count > StderrLinesKept)
                        _lastErrorLines.Dequeue();
                }
                LogOutputLine(_logger, line);
            }
        }
        catch (IOException)
        {
            // The pipe closed as the process was killed.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void StopProcess(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(2000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        catch (Win32Exception e)
        {
            LogKillFailed(_logger, Arguments[0], e.Message);
        }
    }

    private string LastErrorLinesSuffix()
    {
        string[] lines;
        lock (_errorLinesLock)
            lines = _lastErrorLines.Where(l => !string.IsNullOrWhiteSpace(l)).TakeLast(3).ToArray();
        return lines.Length == 0 ? "" : "; it said: " + string.Join(" | ", lines);
    }

    [LoggerMessage(EventId = 2250, Level = LogLevel.Information, Message = "Started {Program} (pid {Pid})")]
    private static partial void LogStarted(ILogger logger, string program, int pid);

    [LoggerMessage(EventId = 2251, Level = LogLevel.Debug, Message = "camera program: {Line}")]
    private static partial void LogOutputLine(ILogger logger, string line);

    [LoggerMessage(EventId = 2252, Level = LogLevel.Warning, Message = "Could not stop {Program}: {Reason}")]
    private static partial void LogKillFailed(ILogger logger, string program, string reason);
}

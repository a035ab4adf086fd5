using System.Diagnostics;
using Edge.Media;
using Edge.Media.Health;
using Edge.Media.Streaming;
using Edge.Rtmp.Client;
using Edge.Rtmp.Push;
using Edge.Rtmp.Tests.Support;
using Edge.Tests.Shared.Peers;
using Edge.Video;
using Edge.Video.Encoders;
using Edge.Video.Encoders.Ffmpeg;
using Edge.Video.Sources.TestPattern;
using Xunit.Abstractions;

namespace Edge.Rtmp.Tests.Peers;

/// <summary>
/// Figures for the record, not gates: the CPU a push costs per Mbit/s, and how long an access unit
/// takes from the hub to its last byte in the socket. The feed is pre-encoded 720p H.264 replayed
/// into a hub at 30 fps, so the encoder's CPU is not counted; nginx (another process) receives.
/// </summary>
[Trait("Category", "Figures")]
public sealed class PushFiguresTests(ITestOutputHelper output)
{
    private const int Fps = 30;
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(6);

    /// <summary>
    /// CPU per Mbit/s: one publisher sends a pre-encoded 720p clip to nginx as fast as nginx takes
    /// it, and the process's CPU time (user + kernel, so the socket and TLS work count) is divided
    /// by what went out. At a real bitrate the push costs that share of one core.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CpuPerPushedMbit(bool tls)
    {
        var clip = EncodeClip(1280, 720, bitrateKbps: 8000, frames: 60);
        await using var upstream = await Upstream.StartAsync(tls);
        await using var publisher = await RtmpPublisher.PublishAsync(new RtmpPublisherOptions
        {
            Url = TestUrls.Parse(upstream.Url),
            TlsCaFile = upstream.CaFile,
            Width = 1280,
            Height = 720,
            FrameRate = Fps,
        });
        var units = clip.Select((c, i) => AccessUnit.CopyOf(c.Data, 0, i * 3000L, c.Keyframe, i)).ToArray();
        for (var i = 0; i < 300; i++) // warm up
            await publisher.SendAsync(units[i % units.Length]);

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var bytesBefore = publisher.BytesSent;
        var wall = Stopwatch.StartNew();
        const int Frames = 6000;
        for (var i = 0; i < Frames; i++)
            await publisher.SendAsync(units[i % units.Length]);
        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var megabits = (publisher.BytesSent - bytesBefore) * 8 / 1e6;
        foreach (var unit in units)
            unit.Release();

        output.WriteLine($"{(tls ? "rtmps (stunnel)" : "rtmp")}: {megabits:0} Mbit in {wall.Elapsed.TotalSeconds:0.00} s ({megabits / wall.Elapsed.TotalSeconds:0} Mbit/s); "
            + $"CPU {cpu.TotalMilliseconds:0} ms = {cpu.TotalMilliseconds / megabits:0.000} ms per Mbit, {cpu.TotalMilliseconds * 1000 / Frames:0} µs per {clip.Average(c => c.Data.Length) / 1024:0} KiB frame ({Build})");
        Assert.True(megabits > 1000);
    }

    /// <summary>
    /// Hub to socket: a worker pushes a 30 fps replay in real time; each unit's time from
    /// <see cref="StreamHub.Publish"/> to the return of the socket write that carried its last byte.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HubToSocketLatency(bool tls)
    {
        var clip = EncodeClip(1280, 720, bitrateKbps: 8000, frames: 60);
        await using var upstream = await Upstream.StartAsync(tls);

        var (bytes, latencies) = await ReplayAsync(clip, upstream.Url, upstream.CaFile);

        var sorted = latencies.Order().ToArray();
        var megabits = bytes * 8 / 1e6 / Measured.TotalSeconds;
        output.WriteLine($"{(tls ? "rtmps (stunnel)" : "rtmp")}: {megabits:0.00} Mbit/s; hub → last byte written: p50 {Percentile(sorted, 0.50):0.000} ms, "
            + $"p99 {Percentile(sorted, 0.99):0.000} ms, max {sorted[^1]:0.000} ms over {sorted.Length} frames ({Build})");
        Assert.True(sorted.Length > Measured.TotalSeconds * Fps * 0.9);
    }

    private static string Build => typeof(RtmpPushWorker).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false)
        .OfType<DebuggableAttribute>().Any(a => a.IsJITOptimizerDisabled) ? "Debug build" : "optimized build";

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    /// <summary>Replays the clip into a hub at 30 fps for a warm-up and <see cref="Measured"/>, with a push worker reading it.</summary>
    private static async Task<(long Bytes, List<double> Latencies)> ReplayAsync(List<(byte[] Data, bool Keyframe)> clip, string url, string? caFile)
    {
        using var hub = new StreamHub("figures");
        var health = new HealthModel(TimeProvider.System);
        var push = PushHarness.Config(url, caFile: caFile);
        var options = push with
        {
            Name = $"figures→{push.Publisher.Url.TcUrl}",
            Publisher = push.Publisher with { Width = 1280, Height = 720, FrameRate = Fps, VideoBitrateKbps = 8000 },
        };
        var worker = new RtmpPushWorker(options, hub, health, TimeProvider.System, new CapturingLoggerFactory());
        var published = new long[100_000];
        var latencies = new List<double>(10_000);
        var measuring = 0;
        worker.UnitSent = unit =>
        {
            if (Volatile.Read(ref measuring) != 0)
                latencies.Add(Stopwatch.GetElapsedTime(published[unit.FrameNumber]).TotalMilliseconds);
        };
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => worker.RunAsync(stop.Token));

        var warmUp = TimeSpan.FromSeconds(2);
        long bytesStart = 0;
        // Signalled, not joined: a pool thread blocked on Join would starve the push's own continuations.
        var fed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var feeder = new Thread(() =>
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; Stopwatch.GetElapsedTime(start) < warmUp + Measured; i++)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), MediaClock.FrameDeadline(start, i, Fps));
                if (wait > TimeSpan.Zero)
                    Thread.Sleep(wait);
                if (Volatile.Read(ref measuring) == 0 && Stopwatch.GetElapsedTime(start) >= warmUp)
                {
                    bytesStart = worker.BytesSent;
                    Volatile.Write(ref measuring, 1);
                }
                var (data, keyframe) = clip[i % clip.Count];
                published[i] = Stopwatch.GetTimestamp();
                hub.Publish(AccessUnit.CopyOf(data, published[i], i * 90_000L / Fps, keyframe, i));
            }
            fed.TrySetResult();
        })
        { IsBackground = true, Name = "figures-feeder" };
        feeder.Start();
        await fed.Task;
        Volatile.Write(ref measuring, 0);
        var bytes = worker.BytesSent - bytesStart;
        await stop.CancelAsync();
        await run;
        return (bytes, latencies);
    }

    /// <summary>nginx, behind stunnel for rtmps://.</summary>
    private sealed class Upstream : IAsyncDisposable
    {
        private readonly NginxRtmpServer _nginx;
        private readonly TestCertificates? _certificates;
        private readonly StunnelTlsTerminator? _stunnel;

        private Upstream(NginxRtmpServer nginx, TestCertificates? certificates, StunnelTlsTerminator? stunnel)
        {
            _nginx = nginx;
            _certificates = certificates;
            _stunnel = stunnel;
        }

        public string Url => _stunnel is null ? _nginx.Url("figures") : $"rtmps://127.0.0.1:{_stunnel.Port}/live/figures";

        public string? CaFile => _certificates?.CaPemFile;

        public static async Task<Upstream> StartAsync(bool tls)
        {
            var nginx = await NginxRtmpServer.StartAsync();
            if (!tls)
                return new Upstream(nginx, null, null);
            var certificates = TestCertificates.Create();
            var stunnel = await StunnelTlsTerminator.StartAsync(nginx.Port, certificates.ServerCertificatePemFile, certificates.ServerKeyPemFile);
            return new Upstream(nginx, certificates, stunnel);
        }

        public ValueTask DisposeAsync()
        {
            _stunnel?.Dispose();
            _certificates?.Dispose();
            _nginx.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Encodes <paramref name="frames"/> test-pattern pictures (one GOP per second) as fast as libx264 goes.</summary>
    private static List<(byte[] Data, bool Keyframe)> EncodeClip(int width, int height, int bitrateKbps, int frames)
    {
        var clip = new List<(byte[], bool)>();
        // cbr: the figures are per Mbit at a camera's bitrate, and vbr (constant quality, capped)
        // makes far smaller frames of the synthetic picture than a real camera's.
        var settings = new VideoEncoderSettings { Width = width, Height = height, FramesPerSecond = Fps, BitrateKbps = bitrateKbps, BitrateMode = "cbr", KeyframeIntervalSeconds = 1 };
        using var encoder = FfmpegVideoEncoder.Open(settings, unit =>
        {
            clip.Add((unit.Data.ToArray(), unit.IsKeyframe));
            unit.Release();
        }, new FfmpegEncoderOptions { Preference = ["libx264"] });
        var generator = new TestPatternGenerator(width, height);
        var pool = new VideoFramePool(width, height, 2);
        for (var i = 0; i < frames; i++)
        {
            using var frame = pool.Rent();
            frame.FrameNumber = i;
            frame.CaptureTimestamp = Stopwatch.GetTimestamp();
            generator.Render(frame);
            encoder.Encode(frame);
        }
        encoder.Flush();
        return clip;
    }
}

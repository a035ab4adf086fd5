using Edge.Config;
using Edge.Linux.Procfs;
using Edge.Media.Health;
using Edge.Status;

namespace Edge.Tests.Status;

/// <summary>Configs and health states the status tests share.</summary>
internal static class StatusTestData
{
    public const string StreamKey = "sk-live-7f3a9c?token=hush1234";

    public static EdgeConfig Config(int httpPort = 0)
    {
        Assert.True(PushUrl.TryParse($"rtmp://upstream.example:1935/live/{StreamKey}", out var url, out var error), error);
        return new EdgeConfig
        {
            Device = new DeviceConfig { Name = "porch <cam> & \"friends\"" },
            Rtsp = new RtspConfig { Listen = new ListenEndpoint("0.0.0.0", 8554), Auth = RtspAuthMode.Digest },
            Cameras =
            [
                new CameraConfig { Name = "front", Source = CameraSourceKind.Test, Width = 320, Height = 240, Fps = 25 },
                new CameraConfig { Name = "back", Source = CameraSourceKind.V4l2, Device = "/dev/video2", Encoder = new EncoderConfig { Kind = EncoderKind.V4l2m2m } },
            ],
            Pushes = [new PushConfig { Camera = "front", Url = url }],
            Http = new HttpConfig { Listen = new ListenEndpoint("127.0.0.1", httpPort) },
        };
    }

    /// <summary>Front streaming, back failed, the push retrying, two RTSP clients.</summary>
    public static HealthModel Health(EdgeConfig config, TimeProvider time)
    {
        var health = new HealthModel(time);
        health.SetCamera("front", CameraState.Streaming, "320x240@25 test pattern, libx264", "libx264: profile main, preset superfast, vbr up to 2500 kbit/s, level auto");
        health.SetCamera("back", CameraState.Failed, "cannot open /dev/video2:\nNo such device");
        health.SetPush(Edge.Push.PushConfigMapping.NameOf(config.Pushes[0]), PushState.Retrying, $"retrying in 4 s: connection refused ({StreamKey})", 123_456);
        health.RtspClientStarted();
        health.RtspClientStarted();
        return health;
    }

    /// <summary>61.9 MiB resident, 2 MiB of .NET heap, 15 threads, 16 open files.</summary>
    public static readonly ProcessResources Process = new(64_880_640, 2_097_152, 15, 16);

    public static StatusCollector Collector(EdgeConfig config, HealthModel health) =>
        new(config, health, TimeProvider.System, TimeProvider.System.GetTimestamp() - (long)(3725 * TimeProvider.System.TimestampFrequency), "9.8.7", () => Process);
}

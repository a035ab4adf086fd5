using System.Net;
using System.Text;
using System.Text.Json;
using Edge.Config;
using Edge.Reload;
using Edge.Status;
using Edge.Tests.Status;

namespace Edge.Tests.Reload;

/// <summary>What the status page and <c>/api/status</c> show of reloads.</summary>
public sealed class ReloadStatusTests
{
    private static readonly ReloadRefusal Refusal = new(
        "/etc/edge/edge.toml",
        ["/etc/edge/edge.toml:4:7: camera.front.fps must be between 1 and 120, got 500", "/etc/edge/edge.toml:9:1: unknown key \"camera.front.widht\"; did you mean \"width\"?"],
        new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero));

    private static (StatusCollector Collector, CurrentConfig Current, ReloadNotices Notices) Collector()
    {
        var config = StatusTestData.Config();
        var current = new CurrentConfig(config);
        var notices = new ReloadNotices();
        var health = StatusTestData.Health(config, TimeProvider.System);
        var collector = new StatusCollector(config, health, TimeProvider.System, TimeProvider.System.GetTimestamp(), "9.8.7", () => StatusTestData.Process, current: current, reloads: notices);
        return (collector, current, notices);
    }

    [Fact]
    public void ARefusedReload_IsInTheJsonWithEveryLocatedError_UntilOneIsApplied()
    {
        var (collector, _, notices) = Collector();
        notices.Refused(Refusal);

        var refused = JsonDocument.Parse(StatusJson.Write(collector.Collect(IPAddress.Loopback))).RootElement.GetProperty("reload_refused");

        Assert.Equal("/etc/edge/edge.toml", refused.GetProperty("file").GetString());
        Assert.Equal(Refusal.At, refused.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(Refusal.Errors, refused.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));

        notices.Applied();
        var after = JsonDocument.Parse(StatusJson.Write(collector.Collect(IPAddress.Loopback))).RootElement;
        Assert.Equal(JsonValueKind.Null, after.GetProperty("reload_refused").ValueKind);
    }

    [Fact]
    public void ARefusedReload_IsABannerOnThePage_WithItsErrorsEscaped()
    {
        var (collector, _, notices) = Collector();
        notices.Refused(Refusal);

        var page = Encoding.UTF8.GetString(StatusHtml.Write(collector.Collect(IPAddress.Loopback)));

        Assert.Contains("Reload refused", page, StringComparison.Ordinal);
        Assert.Contains("/etc/edge/edge.toml:4:7: camera.front.fps must be between 1 and 120, got 500", page, StringComparison.Ordinal);
        Assert.Contains("unknown key &quot;camera.front.widht&quot;", page, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCollector_ShowsTheCamerasOfTheConfigAReloadApplied()
    {
        var (collector, current, _) = Collector();
        var before = collector.Collect(IPAddress.Loopback);

        current.Replace(current.Value with { Cameras = [.. current.Value.Cameras, new CameraConfig { Name = "side", Source = CameraSourceKind.Test, Fps = 5 }] });
        var after = collector.Collect(IPAddress.Loopback);

        Assert.Equal(["front", "back"], before.Cameras.Select(c => c.Name));
        Assert.Equal(["front", "back", "side"], after.Cameras.Select(c => c.Name));
        Assert.Equal(5, after.Cameras[2].Fps);
    }

    [Fact]
    public void TheRefusalSummary_IsOneLineNamingTheFirstProblem()
    {
        Assert.Equal(
            "reload refused, running config kept: 2 problems in /etc/edge/edge.toml, first /etc/edge/edge.toml:4:7: camera.front.fps must be between 1 and 120, got 500",
            Refusal.Summary);
    }
}

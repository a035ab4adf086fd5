using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Edge.Config;
using Edge.Media.Health;
using Edge.Status;
using Edge.Web;
using Edge.Tests.Status.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Tests.Status;

public sealed class HttpStatusServiceTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    /// <summary>A clock step that is due for every retry: the back-off waits 100 ms, then twice as long, up to 400 ms.</summary>
    private static readonly TimeSpan RetryStep = TimeSpan.FromMilliseconds(100);

    private static HttpStatusService Create(EdgeConfig config, RecordingLoggerFactory log, HealthModel? health = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        health ??= StatusTestData.Health(config, time);
        var hubs = new Edge.Cameras.CameraRegistry(config, time, log);
        return new(config, health, hubs, new Edge.Snapshots.SnapshotRegistry(config, hubs, health, time, log), time, log, WebServerLimits.Default,
            RetryStep, 4 * RetryStep);
    }

    [Fact]
    public async Task Service_ServesTheDaemonsStatus()
    {
        var config = StatusTestData.Config();
        var log = new RecordingLoggerFactory();
        await using var service = Create(config, log);
        await service.StartAsync(CancellationToken.None);
        try
        {
            var port = service.LocalEndPoint!.Port;
            Assert.Contains(log.Lines, l => l.Level == LogLevel.Information && l.Text.Contains($"listening on http://127.0.0.1:{port}/ ", StringComparison.Ordinal));
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Bound };

            using var json = JsonDocument.Parse(await client.GetStringAsync("api/status"));
            Assert.Equal("porch <cam> & \"friends\"", json.RootElement.GetProperty("device").GetString());
            Assert.Equal("rtsp://127.0.0.1:8554/front", json.RootElement.GetProperty("cameras")[0].GetProperty("rtsp_url").GetString());

            using var health = await client.GetAsync("healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.StartsWith("camera back: failed", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            Assert.Contains("<h1>porch &lt;cam&gt; &amp; &quot;friends&quot;</h1>", await client.GetStringAsync("/"), StringComparison.Ordinal);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task OpenToTheNetworkWithoutALogin_WarnsOnce()
    {
        // 192.0.2.1 (TEST-NET-1) is on no interface: the warning comes before the bind, which then fails, so nothing listens beyond loopback.
        var config = StatusTestData.Config() with { Http = new HttpConfig { Listen = new ListenEndpoint("192.0.2.1", 8080), Auth = HttpAuthMode.None } };
        var log = new RecordingLoggerFactory();
        await using var service = Create(config, log);

        await service.StartAsync(CancellationToken.None);
        await service.StopAsync(CancellationToken.None);

        var warning = Assert.Single(log.Lines, l => l.Text.Contains("is open to the network without a login", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("192.0.2.1:8080", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithALogin_SaysWhoMayLogIn_AndServesOnlyThem()
    {
        var config = StatusTestData.Config();
        config = config with { Http = config.Http with { Listen = new ListenEndpoint("127.0.0.1", 0), Auth = HttpAuthMode.Login, Users = [new UserConfig("viewer", "pw-SECRET")], UsersFromRtsp = true } };
        var log = new RecordingLoggerFactory();
        await using var service = Create(config, log);
        await service.StartAsync(CancellationToken.None);
        try
        {
            Assert.Contains(log.Lines, l => l.Text.Contains("asks for a login (HTTP Basic or Digest); users: viewer (from [[rtsp.users]])", StringComparison.Ordinal));
            using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{service.LocalEndPoint!.Port}/"), Timeout = Bound };
            using var viewer = new HttpClient(new SocketsHttpHandler { Credentials = new NetworkCredential("viewer", "pw-SECRET") })
            {
                BaseAddress = anonymous.BaseAddress,
                Timeout = Bound,
            };

            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/status")).StatusCode);
            Assert.Equal("not ok\n", await (await anonymous.GetAsync("healthz")).Content.ReadAsStringAsync());
            Assert.Contains("\"cameras\"", await viewer.GetStringAsync("api/status"), StringComparison.Ordinal);
            Assert.StartsWith("camera back: failed", await (await viewer.GetAsync("healthz")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain("pw-SECRET", log.Text, StringComparison.Ordinal);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Disabled_DoesNotListen()
    {
        var config = StatusTestData.Config() with { Http = new HttpConfig { Enabled = false } };
        var log = new RecordingLoggerFactory();
        await using var service = Create(config, log);

        await service.StartAsync(CancellationToken.None);
        await service.StopAsync(CancellationToken.None);

        Assert.Null(service.LocalEndPoint);
        Assert.Contains(log.Lines, l => l.Text.Contains("[http] enabled = false", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APortInUse_IsOneClearError_ThenRetriedUntilItIsFree()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        squatter.Listen();
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port;
        var config = StatusTestData.Config(port) with { SourcePath = "/etc/edge/edge.toml" };
        var log = new RecordingLoggerFactory();
        var time = new FakeTimeProvider();
        await using var service = Create(config, log, time: time);

        await service.StartAsync(CancellationToken.None); // never throws: video matters more than the page
        try
        {
            Assert.Null(service.LocalEndPoint);
            // Let it fail a few more times (100, 200, 400, 400 ms), quietly.
            await AdvanceUntilAsync(time, () => log.Lines.Count(l => l.Text.Contains("still cannot listen", StringComparison.Ordinal)) >= 3, log);

            var error = Assert.Single(log.Lines, l => l.Level >= LogLevel.Warning);
            Assert.Equal(LogLevel.Error, error.Level);
            Assert.Contains($"cannot listen on 127.0.0.1:{port} (AddressAlreadyInUse)", error.Text, StringComparison.Ordinal);
            Assert.Contains("another program (or another edge) already uses this port", error.Text, StringComparison.Ordinal);
            Assert.Contains("Change [http] listen in /etc/edge/edge.toml, or set [http] enabled = false", error.Text, StringComparison.Ordinal);
            Assert.Contains("Video is not affected", error.Text, StringComparison.Ordinal);

            squatter.Close();
            await AdvanceUntilAsync(time, () => log.Lines.Any(l => l.Level == LogLevel.Information && l.Text.Contains($"listening on http://127.0.0.1:{port}/ after", StringComparison.Ordinal)), log);
            Assert.NotNull(service.LocalEndPoint);
            using var client = new HttpClient { Timeout = Bound };
            using var response = await client.GetAsync($"http://127.0.0.1:{port}/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode); // the back camera has failed
        }
        finally
        {
            await service.StopAsync(CancellationToken.None).WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task StoppingWhileRetrying_EndsTheRetries()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        squatter.Listen();
        var config = StatusTestData.Config(((IPEndPoint)squatter.LocalEndPoint!).Port);
        var log = new RecordingLoggerFactory();
        var time = new FakeTimeProvider();
        await using var service = Create(config, log, time: time);

        await service.StartAsync(CancellationToken.None);
        await AdvanceUntilAsync(time, () => log.Lines.Any(l => l.Text.Contains("still cannot listen", StringComparison.Ordinal)), log);
        await service.StopAsync(CancellationToken.None).WaitAsync(Bound);
        var linesAtStop = log.Lines.Count;

        // The retries wait on this clock only: moving it past every delay the back-off could
        // still have pending fires any retry left behind. StopAsync returned after the loop ended,
        // so there is none.
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(linesAtStop, log.Lines.Count);
        Assert.Null(service.LocalEndPoint);
    }

    /// <summary>
    /// Moves the clock one retry step at a time until <paramref name="condition"/> holds. A step
    /// fires the retry that is due; the short real wait after it lets that attempt run.
    /// </summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition, RecordingLoggerFactory log)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
                Assert.Fail($"timed out at {time.GetUtcNow() - time.Start} on the test's clock; log so far:\n" + log.Text);
            time.Advance(RetryStep);
            await Task.Delay(10, CancellationToken.None);
        }
    }
}

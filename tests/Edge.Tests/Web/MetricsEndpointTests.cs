using System.Globalization;
using System.Net;
using Edge.Cameras;
using Edge.Config;
using Edge.Linux.Procfs;
using Edge.Media.Health;
using Edge.Tests.Cameras;
using Edge.Tests.Status;
using Edge.Tests.Status.Support;
using Edge.Web;
using Edge.Web.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Tests.Web;

/// <summary><c>/metrics</c> served by Kestrel, read with HttpClient and checked by Prometheus's own parser and linter (promtool).</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly EdgeConfig _config = StatusTestData.Config();
    private readonly HealthModel _health;
    private readonly CameraRegistry _cameras;
    private readonly FakeTimeProvider _rateClock = new();
    private readonly CameraRates _rates;
    private readonly EdgeMetrics _metrics;
    private readonly MetricsEndpoint _endpoint;
    private WebServer? _server;
    private HttpClient? _client;

    public MetricsEndpointTests()
    {
        _health = StatusTestData.Health(_config, TimeProvider.System);
        _cameras = new CameraRegistry(_config, TimeProvider.System, new RecordingLoggerFactory());
        _rates = new CameraRates(_cameras, _rateClock);
        _metrics = new EdgeMetrics(_cameras, _rates, _health, TimeProvider.System, () => StatusTestData.Process);
        _endpoint = new MetricsEndpoint(_metrics);
    }

    public async Task InitializeAsync()
    {
        var (server, error) = await WebServer.TryStartAsync(new ListenEndpoint("127.0.0.1", 0), WebServerLimits.Default, new RecordingLoggerFactory(), TimeProvider.System, _endpoint.Map, WebServerSecurity.None, CancellationToken.None);
        Assert.True(server is not null, error.ToString());
        _server = server;
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.LocalEndPoint.Port}/"), Timeout = Bound };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
        _endpoint.Dispose();
        _metrics.Dispose();
        _rates.Dispose();
        _cameras.Dispose();
    }

    [Fact]
    public async Task Serves_conventional_names_that_promtool_accepts()
    {
        using var response = await _client!.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();

        await AssertPromtoolAcceptsAsync(text);

        var samples = Samples(text);
        Assert.Equal(0, samples["edge_camera_frames_total{camera=\"front\"}"]);
        Assert.Equal(0, samples["edge_camera_frames_total{camera=\"back\"}"]);
        Assert.Equal(0, samples["edge_camera_bytes_total{camera=\"front\"}"]);
        Assert.Equal(0, samples["edge_camera_dropped_frames_total{camera=\"front\"}"]);
        Assert.Equal(1, samples["edge_camera_streaming{camera=\"front\"}"]);
        Assert.Equal(0, samples["edge_camera_streaming{camera=\"back\"}"]);
        Assert.Equal(2, samples["edge_rtsp_sessions"]);
        var push = Assert.Single(samples, s => s.Key.StartsWith("edge_push_bytes_total{", StringComparison.Ordinal));
        Assert.Equal(123_456, push.Value);
        Assert.Equal(0, samples.Single(s => s.Key.StartsWith("edge_push_live{", StringComparison.Ordinal)).Value);
        Assert.Equal(StatusTestData.Process.ResidentBytes, samples["process_resident_memory_bytes"]);
        Assert.Equal(StatusTestData.Process.OpenFiles, samples["process_open_fds"]);
        Assert.Equal(StatusTestData.Process.Threads, samples["process_threads"]);
        Assert.InRange(samples["edge_uptime_seconds_total"], 0, 600);
        Assert.Contains("# TYPE edge_camera_frames_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE edge_rtsp_sessions gauge\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(StatusTestData.StreamKey, text, StringComparison.Ordinal);

        // Before a second of samples there is no rate to give, rather than a made-up zero.
        Assert.DoesNotContain(samples.Keys, k => k.StartsWith("edge_camera_throughput_bytes_per_second{", StringComparison.Ordinal));
        Assert.Contains("# TYPE edge_camera_throughput_bytes_per_second gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE edge_push_reconnects_total counter\n", text, StringComparison.Ordinal);
        Assert.Equal(0, samples.Single(s => s.Key.StartsWith("edge_push_reconnects_total{", StringComparison.Ordinal)).Value);

        _health.SetCamera("back", CameraState.Streaming, "V4L2 /dev/video2 1280x720@30, h264_v4l2m2m");
        _health.RtspClientStopped();
        var pushName = _health.Pushes.Single().Name;
        _health.SetPush(pushName, PushState.Retrying, "retrying in 1 s: connection refused", 123_456);
        _health.SetPush(pushName, PushState.Connecting, "", 123_456);
        for (var second = 0; second < 2; second++)
        {
            for (var i = 0; i < 30; i++)
                _cameras.Get("front").Publish(CameraRatesTests.Unit(second * 30 + i, 2500));
            _rateClock.Advance(CameraRates.SampleInterval);
        }
        var againText = await _client.GetStringAsync("metrics");
        await AssertPromtoolAcceptsAsync(againText); // promtool lints only the families that have samples
        var again = Samples(againText);
        Assert.Equal(1, again["edge_camera_streaming{camera=\"back\"}"]);
        Assert.Equal(1, again["edge_rtsp_sessions"]);
        Assert.Equal(1, again.Single(s => s.Key.StartsWith("edge_push_reconnects_total{", StringComparison.Ordinal)).Value);
        Assert.Equal(30 * 2500, again["edge_camera_throughput_bytes_per_second{camera=\"front\"}"]);
        Assert.Equal(30, again["edge_camera_frames_per_second{camera=\"front\"}"]);
        Assert.Equal(0, again["edge_camera_throughput_bytes_per_second{camera=\"back\"}"]);
    }

    [Fact]
    public async Task Head_gives_the_length_without_the_body()
    {
        using var head = await _client!.SendAsync(new HttpRequestMessage(HttpMethod.Head, "metrics"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.InRange(head.Content.Headers.ContentLength ?? 0, 100, 100_000);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public void Label_values_are_escaped()
    {
        using var meter = new System.Diagnostics.Metrics.Meter("Edge");
        meter.CreateObservableGauge("edge.test.value", () => new System.Diagnostics.Metrics.Measurement<int>(7, new KeyValuePair<string, object?>("camera", "a\"b\\c\nd")), "{thing}", "A value.\nOn two lines.");
        using var writer = new PrometheusTextWriter(meter);

        var text = System.Text.Encoding.UTF8.GetString(writer.Write());

        Assert.Equal("# HELP edge_test_value A value.\\nOn two lines.\n# TYPE edge_test_value gauge\nedge_test_value{camera=\"a\\\"b\\\\c\\nd\"} 7\n", text);
    }

    /// <summary>promtool parses the exposition format as the Prometheus server does, and lints names, units and help.</summary>
    private static async Task AssertPromtoolAcceptsAsync(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"edge-metrics-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, text);
        try
        {
            var check = await ExternalTool.RunAsync("sh", ["-c", "promtool check metrics < \"$1\"", "sh", path], Bound);
            Assert.True(check.ExitCode == 0, $"promtool: {check.StdoutText}{check.Stderr}\n{text}");
            Assert.Equal("", check.StdoutText + check.Stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Sample lines as "name{labels}" to value.</summary>
    private static Dictionary<string, double> Samples(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => (Key: l[..l.LastIndexOf(' ')], Value: double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)))
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
}

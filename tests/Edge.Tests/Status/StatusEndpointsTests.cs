using System.Net;
using Edge.Config;
using Edge.Media.Health;
using Edge.Status;
using Edge.Tests.Status.Support;
using Edge.Web;

namespace Edge.Tests.Status;

/// <summary>The status routes served by Kestrel on loopback, read with HttpClient.</summary>
public sealed class StatusEndpointsTests : IAsyncLifetime
{
    private readonly HealthModel _health;
    private readonly StatusEndpoints _endpoints;
    private WebServer? _server;
    private HttpClient? _client;

    public StatusEndpointsTests()
    {
        var config = StatusTestData.Config();
        _health = StatusTestData.Health(config, TimeProvider.System);
        _endpoints = new StatusEndpoints(StatusTestData.Collector(config, _health));
    }

    private HttpClient Client => _client!;

    public async Task InitializeAsync()
    {
        var (server, error) = await WebServer.TryStartAsync(new ListenEndpoint("127.0.0.1", 0), WebServerLimits.Default, new RecordingLoggerFactory(), TimeProvider.System, _endpoints.Map, WebServerSecurity.None, CancellationToken.None);
        Assert.True(server is not null, error.ToString());
        _server = server;
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.LocalEndPoint.Port}/"), Timeout = TimeSpan.FromSeconds(15) };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string? Type, string Body)> SendAsync(string path, string method = "GET")
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/", "text/html; charset=utf-8")]
    [InlineData("/api/status", "application/json")]
    public async Task Serves_the_page_and_the_api(string path, string contentType)
    {
        var (status, type, body) = await SendAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(contentType, type);
        Assert.Contains("front", body, StringComparison.Ordinal);

        using var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(body), head.Content.Headers.ContentLength); // no body, but its length stays true
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_page_forbids_scripts_and_framing()
    {
        using var response = await Client.GetAsync("/");
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("img-src 'self'", csp, StringComparison.Ordinal); // the cameras' snapshots, from this server only
    }

    [Fact]
    public async Task Healthz_says_ok_only_when_every_camera_streams()
    {
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "text/plain; charset=utf-8", "camera back: failed (cannot open /dev/video2: No such device)\n"), await SendAsync("/healthz"));

        _health.SetCamera("back", CameraState.Starting, "V4L2 /dev/video2 1280x720@30");
        Assert.Equal("camera back: starting\n", (await SendAsync("/healthz")).Body);

        _health.SetCamera("back", CameraState.Streaming, "V4L2 /dev/video2 1280x720@30, h264_v4l2m2m");
        Assert.Equal((HttpStatusCode.OK, "text/plain; charset=utf-8", "ok\n"), await SendAsync("/healthz"));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("/healthz", "HEAD")).Status);

        _health.SetFatalError("RTSP port taken");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "text/plain; charset=utf-8", "fatal: RTSP port taken\n"), await SendAsync("/healthz"));
    }

    [Theory]
    [InlineData("/index.html")]
    [InlineData("/api")]
    [InlineData("/api/status/more")]
    [InlineData("/../etc/edge/edge.toml")]
    [InlineData("/%2e%2e/etc/edge/edge.toml")]
    public async Task Unknown_paths_are_404_whatever_the_method(string path)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(path)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(path, "DELETE")).Status);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    public async Task Other_methods_are_405_with_allow(string method)
    {
        foreach (var path in new[] { "/", "/api/status", "/healthz" })
        {
            using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Equal("GET, HEAD", string.Join(", ", response.Content.Headers.Allow));
        }
    }
}

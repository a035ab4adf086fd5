using System.Net;
using System.Text;
using Edge.Media.Health;
using Edge.Status;
using Edge.Status.Http;

namespace Edge.Tests.Status;

public sealed class StatusEndpointsTests
{
    private static (StatusEndpoints Endpoints, HealthModel Health) Create()
    {
        var config = StatusTestData.Config();
        var health = StatusTestData.Health(config, TimeProvider.System);
        return (new StatusEndpoints(StatusTestData.Collector(config, health)), health);
    }

    private static HttpResponse Get(StatusEndpoints endpoints, string path, string method = "GET") =>
        endpoints.Handle(new HttpRequest(method, path, "", 1), IPAddress.Loopback);

    [Theory]
    [InlineData("/", "text/html; charset=utf-8")]
    [InlineData("/api/status", "application/json")]
    public void Serves_the_page_and_the_api(string path, string contentType)
    {
        var (endpoints, _) = Create();
        var response = Get(endpoints, path);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(contentType, response.ContentType);
        Assert.Contains("front", Encoding.UTF8.GetString(response.Body.Span), StringComparison.Ordinal);

        var head = Get(endpoints, path, "HEAD");
        Assert.Equal(200, head.StatusCode);
        Assert.Equal(response.Body.Length, head.Body.Length); // the writer drops it; Content-Length stays true
    }

    [Fact]
    public void The_page_forbids_scripts_and_framing()
    {
        var (endpoints, _) = Create();
        var csp = Assert.Single(Get(endpoints, "/").Headers!, h => h.Key == "Content-Security-Policy").Value;
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public void Healthz_says_ok_only_when_every_camera_streams()
    {
        var (endpoints, health) = Create();

        var failing = Get(endpoints, "/healthz");
        Assert.Equal(503, failing.StatusCode);
        Assert.Equal("camera back: failed (cannot open /dev/video2: No such device)\n", Encoding.UTF8.GetString(failing.Body.Span));

        health.SetCamera("back", CameraState.Starting, "V4L2 /dev/video2 1280x720@30");
        Assert.Equal("camera back: starting\n", Encoding.UTF8.GetString(Get(endpoints, "/healthz").Body.Span));

        health.SetCamera("back", CameraState.Streaming, "V4L2 /dev/video2 1280x720@30, h264_v4l2m2m");
        var ok = Get(endpoints, "/healthz");
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("ok\n", Encoding.UTF8.GetString(ok.Body.Span));
        Assert.Equal(200, Get(endpoints, "/healthz", "HEAD").StatusCode);

        health.SetFatalError("RTSP port taken");
        var fatal = Get(endpoints, "/healthz");
        Assert.Equal(503, fatal.StatusCode);
        Assert.Equal("fatal: RTSP port taken\n", Encoding.UTF8.GetString(fatal.Body.Span));
    }

    [Theory]
    [InlineData("/index.html")]
    [InlineData("/healthz/")]
    [InlineData("/API/STATUS")]
    [InlineData("*")]
    [InlineData("/../etc/edge/edge.toml")]
    public void Unknown_paths_are_404_whatever_the_method(string path)
    {
        var (endpoints, _) = Create();
        Assert.Equal(404, Get(endpoints, path).StatusCode);
        Assert.Equal(404, Get(endpoints, path, "DELETE").StatusCode);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    [InlineData("get")]
    [InlineData("TRACE")]
    public void Other_methods_are_405_with_allow(string method)
    {
        var (endpoints, _) = Create();
        foreach (var path in new[] { "/", "/api/status", "/healthz" })
        {
            var response = Get(endpoints, path, method);
            Assert.Equal(405, response.StatusCode);
            Assert.Equal("GET, HEAD", Assert.Single(response.Headers!, h => h.Key == "Allow").Value);
        }
    }
}

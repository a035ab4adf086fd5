using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Edge.Config;
using Edge.Tests.Status.Support;
using Edge.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Tests.Web;

/// <summary>The login gate in front of every route, on a real Kestrel socket, with HttpClient's own Basic and Digest.</summary>
public sealed class WebAccessTests
{
    private const string Password = "Pa55-web-SECRET";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static HttpConfig Config(HttpAuthMode auth = HttpAuthMode.Auto) => new()
    {
        Listen = new ListenEndpoint("0.0.0.0", 8080),
        Auth = auth,
        Users = [new UserConfig("viewer", Password), new UserConfig("admin", "other-pw")],
    };

    /// <summary>A page, and a health check that says whether it may show its detail.</summary>
    private static void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder routes)
    {
        routes.MapGet("/page", context => BufferedResponse.TextAsync(context, 200, "the page"));
        routes.MapGet("/cameras/{name}/snapshot.jpg", context => BufferedResponse.TextAsync(context, 200, $"picture of {context.Request.RouteValues["name"]}"));
        routes.MapGet("/healthz", context => BufferedResponse.TextAsync(context, 503, WebAccess.MayShowDetail(context) ? "camera cam: /dev/video0 unplugged" : "not ok"));
        routes.MapGet("/ws", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await socket.SendAsync("hello"u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, true, context.RequestAborted);
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
        });
    }

    private static async Task<(WebServer Server, RecordingLoggerFactory Log)> StartAsync(HttpConfig config, TimeProvider? time = null, Edge.Snapshots.SnapshotLinks? links = null)
    {
        var log = new RecordingLoggerFactory();
        var access = new WebAccess(config, time ?? TimeProvider.System, log.CreateLogger("Edge.Http"), links);
        Assert.True(access.LoginRequired);
        var (server, error) = await WebServer.TryStartAsync(new ListenEndpoint("127.0.0.1", 0), WebServerLimits.Default, log, TimeProvider.System, Map,
            new WebServerSecurity(null, access.InvokeAsync), CancellationToken.None);
        Assert.True(server is not null, error.ToString());
        return (server, log);
    }

    private static HttpClient Client(WebServer server, NetworkCredential? credential = null) =>
        new(new SocketsHttpHandler { Credentials = credential, UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{server.LocalEndPoint.Port}/"), Timeout = Bound };

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    [Fact]
    public async Task NoCredentials_Get401_WithDigestSha256_DigestMd5_AndBasic()
    {
        var (server, _) = await StartAsync(Config());
        await using var _server = server;
        using var client = Client(server);

        using var response = await client.GetAsync("page");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Collection(response.Headers.WwwAuthenticate,
            c => Assert.Equal(("Digest", true), (c.Scheme, c.Parameter!.Contains("algorithm=SHA-256", StringComparison.Ordinal))),
            c => Assert.Equal(("Digest", true), (c.Scheme, c.Parameter!.Contains("algorithm=MD5", StringComparison.Ordinal))),
            c => Assert.Equal(("Basic", "realm=\"edge\""), (c.Scheme, c.Parameter)));
        Assert.DoesNotContain("the page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASnapshotLinksKey_OpensThatCamerasSnapshot_AndNothingElse()
    {
        var links = new Edge.Snapshots.SnapshotLinks();
        var (server, _) = await StartAsync(Config(), links: links);
        await using var _server = server;
        using var client = Client(server);
        var key = links.KeyFor("porch");

        using var snapshot = await client.GetAsync(links.WithKey("cameras/porch/snapshot.jpg", "porch"));
        using var scaled = await client.GetAsync($"cameras/porch/snapshot.jpg?width=320&key={key}");
        using var otherCamera = await client.GetAsync($"cameras/gate/snapshot.jpg?key={key}");
        using var page = await client.GetAsync($"page?key={key}");
        using var forged = await client.GetAsync($"cameras/porch/snapshot.jpg?key={new string('0', 32)}");
        using var post = await client.PostAsync($"cameras/porch/snapshot.jpg?key={key}", null);

        Assert.Equal((HttpStatusCode.OK, "picture of porch\n"), (snapshot.StatusCode, await snapshot.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, scaled.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherCamera.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        // The key lets one request in; it is no login, so no session cookie comes with it.
        Assert.False(snapshot.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task HttpClientsOwnDigest_GetsThePage()
    {
        var (server, _) = await StartAsync(Config(HttpAuthMode.Digest));
        await using var _server = server;
        using var client = Client(server, new NetworkCredential("viewer", Password));

        Assert.Equal("the page\n", await client.GetStringAsync("page"));
    }

    [Fact]
    public async Task Basic_GetsThePage_AndACookie_ThatAloneLetsTheBrowserBackIn()
    {
        var (server, _) = await StartAsync(Config());
        await using var _server = server;
        using var client = Client(server);

        using var request = new HttpRequestMessage(HttpMethod.Get, "page") { Headers = { Authorization = Basic("viewer", Password) } };
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(SessionCookie.Name + "=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Password, setCookie, StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, "page");
        again.Headers.Add("Cookie", setCookie.Split(';')[0]);
        using var withCookie = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);

        using var forged = new HttpRequestMessage(HttpMethod.Get, "page");
        forged.Headers.Add("Cookie", setCookie.Split(';')[0][..^4] + "0000");
        using var withForgery = await client.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, withForgery.StatusCode);
    }

    [Fact]
    public async Task DigestOnly_RefusesBasic_AndOffersOnlyDigest()
    {
        var (server, _) = await StartAsync(Config(HttpAuthMode.Digest));
        await using var _server = server;
        using var client = Client(server);

        using var request = new HttpRequestMessage(HttpMethod.Get, "page") { Headers = { Authorization = Basic("viewer", Password) } };
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.All(response.Headers.WwwAuthenticate, c => Assert.Equal("Digest", c.Scheme));
    }

    [Fact]
    public async Task UnknownUser_AndWrongPassword_LookAlike_AndAreLoggedOnceAMinute_WithoutSecrets()
    {
        var (server, log) = await StartAsync(Config());
        await using var _server = server;
        using var client = Client(server);

        var answers = new List<string>();
        foreach (var (user, password) in new[] { ("viewer", "guess-1"), ("nobody", Password), ("viewer", "guess-2"), ("admin", Password) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "page") { Headers = { Authorization = Basic(user, password) } };
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            answers.Add($"{string.Join("|", response.Headers.WwwAuthenticate.Select(c => c.Scheme))} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Single(answers.Distinct());
        var failures = log.Lines.Where(l => l.Text.Contains("login failed", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(failures);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("127.0.0.1", line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("guess-", log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Basic("viewer", "guess-1").Parameter!, log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedLogins_AreLoggedAgain_AfterAMinute()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (server, log) = await StartAsync(Config(), time);
        await using var _server = server;
        using var client = Client(server);

        async Task FailAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "page") { Headers = { Authorization = Basic("viewer", "nope") } };
            using var response = await client.SendAsync(request);
        }
        await FailAsync();
        await FailAsync();
        time.Advance(TimeSpan.FromSeconds(61));
        await FailAsync();

        Assert.Equal(2, log.Lines.Count(l => l.Text.Contains("login failed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task HealthCheck_StaysOpen_ButSaysOnlyNotOk_WithoutALogin()
    {
        var (server, _) = await StartAsync(Config());
        await using var _server = server;
        using var anonymous = Client(server);
        using var viewer = Client(server, new NetworkCredential("viewer", Password));

        using var open = await anonymous.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, open.StatusCode);
        Assert.Equal("not ok\n", await open.Content.ReadAsStringAsync());

        using var detailed = new HttpRequestMessage(HttpMethod.Get, "healthz") { Headers = { Authorization = Basic("viewer", Password) } };
        using var withLogin = await anonymous.SendAsync(detailed);
        Assert.Equal("camera cam: /dev/video0 unplugged\n", await withLogin.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WebSocket_WithAuthorization_Opens_AndFromAnotherSite_IsRefused()
    {
        var (server, _) = await StartAsync(Config());
        await using var _server = server;
        var url = new Uri($"ws://127.0.0.1:{server.LocalEndPoint.Port}/ws");

        using (var socket = new System.Net.WebSockets.ClientWebSocket())
        {
            socket.Options.SetRequestHeader("Authorization", Basic("viewer", Password).ToString());
            socket.Options.SetRequestHeader("Origin", $"http://127.0.0.1:{server.LocalEndPoint.Port}");
            using var timeout = new CancellationTokenSource(Bound);
            await socket.ConnectAsync(url, timeout.Token);
            var buffer = new byte[16];
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal("hello", Encoding.UTF8.GetString(buffer, 0, received.Count));
        }

        using (var anonymous = new System.Net.WebSockets.ClientWebSocket())
        {
            anonymous.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => anonymous.ConnectAsync(url, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.HttpStatusCode);
        }

        using (var crossSite = new System.Net.WebSockets.ClientWebSocket())
        {
            crossSite.Options.CollectHttpResponseDetails = true;
            crossSite.Options.SetRequestHeader("Authorization", Basic("viewer", Password).ToString());
            crossSite.Options.SetRequestHeader("Origin", "http://evil.example");
            await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => crossSite.ConnectAsync(url, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Forbidden, crossSite.HttpStatusCode);
        }
    }

    [Fact]
    public void SessionCookie_Expires_AndNamesItsUser()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cookies = new SessionCookie(time);
        var value = cookies.Issue("viewer");

        Assert.Equal("viewer", cookies.Validate(value));
        Assert.Null(new SessionCookie(time).Validate(value)); // another process (a restart): another key
        Assert.Null(cookies.Validate("zz." + value));
        Assert.Null(cookies.Validate(null));
        time.Advance(SessionCookie.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Null(cookies.Validate(value));
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Edge.Config;
using Edge.Tests.Status.Support;
using Edge.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Edge.Tests.Web;

/// <summary>Kestrel as edge sets it up, on a real loopback socket, against well-behaved and hostile clients.</summary>
public sealed class WebServerTests
{
    /// <summary>
    /// For tests that are not about deadlines: the daemon's own limits, so a test process starved
    /// of CPU by a busy machine is not mistaken for a slow client.
    /// </summary>
    private static readonly WebServerLimits Patient = WebServerLimits.Default with { MaxConnections = 8 };

    /// <summary>Short deadlines so the timeout tests take seconds, not tens of seconds.</summary>
    private static readonly WebServerLimits Impatient = Patient with
    {
        RequestHeadersTimeout = TimeSpan.FromSeconds(1),
        KeepAliveTimeout = TimeSpan.FromSeconds(1),
    };

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    /// <summary>Answers GET, HEAD and POST on any path under <c>/echo</c> with the method and path; <c>/boom</c> throws.</summary>
    private sealed class EchoRoutes
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder routes)
        {
            routes.MapMethods("/echo/{*rest}", [HttpMethods.Get, HttpMethods.Head, HttpMethods.Post], EchoAsync);
            routes.MapMethods("/boom", [HttpMethods.Get], _ => throw new InvalidOperationException("a bug in a page"));
        }

        private Task EchoAsync(HttpContext context)
        {
            Interlocked.Increment(ref _requests);
            return BufferedResponse.TextAsync(context, 200, $"{context.Request.Method} {context.Request.Path} from {context.Connection.LocalIpAddress}");
        }
    }

    private static async Task<WebServer> StartAsync(EchoRoutes routes, WebServerLimits? limits = null, RecordingLoggerFactory? log = null, int port = 0)
    {
        var (server, error) = await WebServer.TryStartAsync(new ListenEndpoint("127.0.0.1", port), limits ?? Patient, log ?? new RecordingLoggerFactory(), TimeProvider.System, routes.Map, WebServerSecurity.None, CancellationToken.None);
        Assert.True(server is not null, error.ToString());
        return server;
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return socket;
    }

    /// <summary>Reads until the server closes (bounded in time and size); a reset after data counts as the end.</summary>
    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            while (received.Length < 1 << 20)
            {
                var length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (length == 0)
                    break;
                received.Write(buffer, 0, length);
            }
        }
        catch (SocketException)
        {
            // A reset: what arrived before it is the answer.
        }
        return Encoding.Latin1.GetString(received.ToArray());
    }

    /// <summary>One exchange on a fresh connection that asks the server to close after answering.</summary>
    private static async Task<string> ExchangeAsync(int port, byte[] request)
    {
        using var socket = await ConnectAsync(port);
        try
        {
            await socket.SendAsync(request, SocketFlags.None);
        }
        catch (SocketException)
        {
            // The server may answer and close before it read everything of a huge request.
        }
        return await ReadToEndAsync(socket);
    }

    private static Task<string> ExchangeAsync(int port, string request) => ExchangeAsync(port, Encoding.Latin1.GetBytes(request));

    /// <summary>
    /// A connection the server has certainly taken and counted: one request answered on it, then
    /// kept alive and idle. A connection that only completed its handshake may not have reached the
    /// server's accept yet, and a probe racing it could take its place under the cap.
    /// </summary>
    private static async Task<Socket> HoldAsync(int port)
    {
        var socket = await ConnectAsync(port);
        await socket.SendAsync(Encoding.Latin1.GetBytes("GET /echo/ok HTTP/1.1\r\nHost: a\r\n\r\n"), SocketFlags.None);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(Bound);
        // The echo's body is one line after the headers.
        while (!(received.ToString() is var text && text.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal)
            && text.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var end and >= 0 && text.Length > end + 4 && text.EndsWith('\n')))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            Assert.True(read > 0, $"the server closed a connection it should hold; it sent: {received}");
            received.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }
        return socket;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Bound)
                Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }

    private static async Task<bool> ServesAsync(int port) =>
        (await ExchangeAsync(port, "GET /echo/ok HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal);

    [Fact]
    public async Task Answers_a_request_with_its_length_and_no_caching()
    {
        var routes = new EchoRoutes();
        await using var server = await StartAsync(routes);

        var response = await ExchangeAsync(server.LocalEndPoint.Port, "GET /echo/healthz?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Length: 33\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nCache-Control: no-store\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Content-Type-Options: nosniff\r\n", response, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\nServer:", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nGET /echo/healthz from 127.0.0.1\n", response, StringComparison.Ordinal);
        Assert.Equal(1, routes.Requests);
    }

    [Fact]
    public async Task Serves_httpclient_for_get_and_head()
    {
        await using var server = await StartAsync(new EchoRoutes());
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.LocalEndPoint.Port}/"), Timeout = Bound };

        Assert.Equal("GET /echo/status from 127.0.0.1\n", await client.GetStringAsync("echo/status"));

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "echo/status"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("HEAD /echo/status from 127.0.0.1\n".Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        using var missing = await client.GetAsync("nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("not found\n", await missing.Content.ReadAsStringAsync());

        using var wrongMethod = await client.DeleteAsync("boom");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal("GET", string.Join(", ", wrongMethod.Content.Headers.Allow));
    }

    [Fact]
    public async Task Refuses_hostile_input_then_serves_a_normal_request()
    {
        var log = new RecordingLoggerFactory();
        var routes = new EchoRoutes();
        await using var server = await StartAsync(routes, log: log);
        var port = server.LocalEndPoint.Port;

        Assert.StartsWith("HTTP/1.1 400 ", await ExchangeAsync(port, [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400 ", await ExchangeAsync(port, "\u0001\u0002GARBAGE \u00ff\u00fe\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 431 ", await ExchangeAsync(port, "GET /echo/ HTTP/1.1\r\nHost: a\r\nX-Big: " + new string('a', 100_000)), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 431 ", await ExchangeAsync(port, "GET /echo/ HTTP/1.1\r\nHost: a\r\n" + string.Concat(Enumerable.Repeat("X: y\r\n", 200)) + "\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 414 ", await ExchangeAsync(port, "GET /echo/" + new string('a', 20_000) + " HTTP/1.1\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400 ", await ExchangeAsync(port, "GET /echo/ HTTP/1.1\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 500 ", await ExchangeAsync(port, "GET /boom HTTP/1.1\r\nHost: a\r\n\r\n"), StringComparison.Ordinal);
        var http2 = await ExchangeAsync(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        Assert.DoesNotContain("HTTP/1.1 200", http2, StringComparison.Ordinal);

        // Half a request, then the client closes its side: nothing reaches a route.
        using (var half = await ConnectAsync(port))
        {
            await half.SendAsync("GET /echo/ HT"u8.ToArray(), SocketFlags.None);
            half.Shutdown(SocketShutdown.Send);
            Assert.DoesNotContain("200 OK", await ReadToEndAsync(half), StringComparison.Ordinal);
        }

        Assert.StartsWith("HTTP/1.1 200 ", await ExchangeAsync(port, "GET /echo/ HTTP/1.0\r\n\r\n"), StringComparison.Ordinal);
        Assert.Equal(1, routes.Requests); // only the last one; nothing hostile reached a route
        // The failing page is one error in edge's log, from Kestrel; the rejected input is no warning at all.
        Assert.Contains(log.Lines, l => l.Level == LogLevel.Error && l.Text.Contains("a bug in a page", StringComparison.Ordinal));
        Assert.Single(log.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Reads_past_an_unwanted_body_so_the_answer_is_not_lost()
    {
        await using var server = await StartAsync(new EchoRoutes());
        var body = new string('b', 48 * 1024);

        var response = await ExchangeAsync(server.LocalEndPoint.Port, $"POST /echo/upload HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        Assert.StartsWith("HTTP/1.1 200 ", response, StringComparison.Ordinal);
        Assert.EndsWith("POST /echo/upload from 127.0.0.1\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drops_a_client_that_sends_nothing()
    {
        await using var server = await StartAsync(new EchoRoutes(), Impatient);
        using var silent = await ConnectAsync(server.LocalEndPoint.Port);
        var clock = Stopwatch.StartNew();

        Assert.Equal("", await ReadToEndAsync(silent)); // closed by the server, nothing said
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Drops_a_client_that_trickles_its_request_at_the_total_deadline()
    {
        var routes = new EchoRoutes();
        await using var server = await StartAsync(routes, Impatient);
        using var slow = await ConnectAsync(server.LocalEndPoint.Port);
        await slow.SendAsync("GET /echo/ HTTP/1.1\r\nHost: a\r\nX-Slow: "u8.ToArray(), SocketFlags.None);

        // A byte every 100 ms keeps an idle timer happy forever; the request deadline is a total.
        var clock = Stopwatch.StartNew();
        var closed = false;
        while (!closed && clock.Elapsed < Bound)
        {
            try
            {
                await slow.SendAsync("a"u8.ToArray(), SocketFlags.None);
                await Task.Delay(100);
                closed = slow.Poll(0, SelectMode.SelectRead);
            }
            catch (SocketException)
            {
                closed = true;
            }
        }

        Assert.True(closed, "the server kept a trickling client past its deadline");
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        var answer = await ReadToEndAsync(slow);
        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408 ", StringComparison.Ordinal), answer);
        Assert.Equal(0, routes.Requests);
    }

    [Fact]
    public async Task Refuses_connections_over_the_cap_then_serves_again()
    {
        var limits = Patient with { MaxConnections = 4, RequestHeadersTimeout = TimeSpan.FromSeconds(30), KeepAliveTimeout = TimeSpan.FromSeconds(30) };
        var log = new RecordingLoggerFactory();
        var routes = new EchoRoutes();
        await using var server = await StartAsync(routes, limits, log);
        var port = server.LocalEndPoint.Port;

        var holders = new List<Socket>();
        for (var i = 0; i < 4; i++)
            holders.Add(await ConnectAsync(port));
        await WaitUntilAsync(async () => !await ServesAsync(port), "the four silent clients fill the server");

        for (var i = 0; i < 3; i++)
            Assert.DoesNotContain("200 OK", await ExchangeAsync(port, "GET /echo/ HTTP/1.1\r\nHost: a\r\n\r\n"), StringComparison.Ordinal);
        Assert.Equal(0, routes.Requests);
        var refusals = log.Lines.Where(l => l.Level >= LogLevel.Warning).ToArray();
        var refusal = Assert.Single(refusals); // once, not per refused connection
        Assert.Contains("maximum number of concurrent connections", refusal.Text, StringComparison.Ordinal);
        Assert.Contains("logged at most once a minute", refusal.Text, StringComparison.Ordinal);

        foreach (var holder in holders)
            holder.Dispose();
        await WaitUntilAsync(() => ServesAsync(port), "the server serves again");
    }

    [Fact]
    public async Task The_live_viewer_allowance_follows_the_cameras_while_the_server_runs()
    {
        var cameras = 0;
        var limits = (Patient with { MaxConnections = 2, RequestHeadersTimeout = TimeSpan.FromSeconds(30), KeepAliveTimeout = TimeSpan.FromSeconds(30) })
            .WithLiveViewers(() => Volatile.Read(ref cameras), viewersPerCamera: 2);
        var routes = new EchoRoutes();
        await using var server = await StartAsync(routes, limits);
        var port = server.LocalEndPoint.Port;
        var holders = new List<Socket>();
        try
        {
            holders.Add(await HoldAsync(port));
            holders.Add(await HoldAsync(port));
            await WaitUntilAsync(async () => !await ServesAsync(port), "two idle clients fill a server without cameras");

            // A reload adds a camera: two more connections, without a restart that would drop the holders.
            Volatile.Write(ref cameras, 1);
            Assert.True(await ServesAsync(port), "the server did not take a connection within the raised allowance");
            holders.Add(await HoldAsync(port));
            holders.Add(await HoldAsync(port));
            await WaitUntilAsync(async () => !await ServesAsync(port), "four idle clients fill the raised allowance");

            // A reload removes it: nobody is dropped, and nobody new is let in while four are held.
            Volatile.Write(ref cameras, 0);
            Assert.False(await ServesAsync(port));
            foreach (var holder in holders)
                Assert.True(holder.Connected);
        }
        finally
        {
            holders.ForEach(h => h.Dispose());
        }
        await WaitUntilAsync(() => ServesAsync(port), "the server serves again once the holders leave");
    }

    [Fact]
    public async Task Survives_a_flood_of_connections_that_vanish()
    {
        var routes = new EchoRoutes();
        await using var server = await StartAsync(routes, Patient with { MaxConnections = 16 });
        var port = server.LocalEndPoint.Port;

        for (var round = 0; round < 10; round++)
        {
            var sockets = new List<Socket>();
            for (var i = 0; i < 30; i++)
            {
                var socket = await ConnectAsync(port);
                if (i % 3 == 0)
                    await socket.SendAsync("GET /echo/ HTTP/1.1\r\nHost"u8.ToArray(), SocketFlags.None);
                if (i % 5 == 0)
                    socket.LingerState = new LingerOption(true, 0); // closes with a reset
                sockets.Add(socket);
            }
            foreach (var socket in sockets)
                socket.Dispose();
        }

        await WaitUntilAsync(() => ServesAsync(port), "the server serves again after the flood");
        Assert.Equal(1, routes.Requests);
    }

    [Fact]
    public async Task Serves_many_clients_at_once()
    {
        var routes = new EchoRoutes();
        await using var server = await StartAsync(routes, Patient with { MaxConnections = 32 });
        using var client = new HttpClient { Timeout = Bound };
        var url = $"http://127.0.0.1:{server.LocalEndPoint.Port}/echo/healthz";

        var bodies = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => client.GetStringAsync(url)));

        Assert.All(bodies, b => Assert.Equal("GET /echo/healthz from 127.0.0.1\n", b));
        Assert.Equal(24, routes.Requests);
    }

    [Fact]
    public async Task A_second_server_cannot_take_a_port_in_use()
    {
        await using var first = await StartAsync(new EchoRoutes());

        var (second, error) = await WebServer.TryStartAsync(new ListenEndpoint("127.0.0.1", first.LocalEndPoint.Port), Patient, new RecordingLoggerFactory(), TimeProvider.System, new EchoRoutes().Map, WebServerSecurity.None, CancellationToken.None);

        Assert.Null(second);
        Assert.Equal(SocketError.AddressAlreadyInUse, error);
        Assert.True(await ServesAsync(first.LocalEndPoint.Port));
    }

    [Fact]
    public async Task A_restarted_server_takes_its_port_back_at_once()
    {
        // The server closes first after each answer to a client that asked it to, so its side of
        // each connection lingers in TIME_WAIT; a restart (systemctl restart edge) must still bind
        // the port straight away.
        var first = await StartAsync(new EchoRoutes());
        var port = first.LocalEndPoint.Port;
        for (var i = 0; i < 5; i++)
            Assert.True(await ServesAsync(port));
        await first.DisposeAsync();

        await using var second = await StartAsync(new EchoRoutes(), port: port);
        Assert.True(await ServesAsync(port));
    }

    [Fact]
    public async Task Stopping_closes_open_connections_and_the_listener()
    {
        var server = await StartAsync(new EchoRoutes(), Patient with { RequestHeadersTimeout = TimeSpan.FromSeconds(30), KeepAliveTimeout = TimeSpan.FromSeconds(30) });
        var port = server.LocalEndPoint.Port;
        using var waiting = await ConnectAsync(port);
        Assert.True(await ServesAsync(port));

        await server.DisposeAsync().AsTask().WaitAsync(Bound);

        Assert.Equal("", await ReadToEndAsync(waiting));
        await Assert.ThrowsAsync<SocketException>(async () => (await ConnectAsync(port)).Dispose());
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Edge.Config;
using Edge.Status.Http;
using Edge.Tests.Status.Support;

namespace Edge.Tests.Status;

/// <summary>The server on a real loopback socket, against well-behaved and hostile clients.</summary>
public sealed class HttpServerTests
{
    /// <summary>
    /// For tests that are not about deadlines: the daemon's own request deadline, so a test process
    /// starved of CPU by a busy machine is not mistaken for a slow client.
    /// </summary>
    private static readonly HttpServerOptions Patient = HttpServerOptions.Default with
    {
        LingerTimeout = TimeSpan.FromMilliseconds(500),
        Heartbeat = TimeSpan.FromMilliseconds(50),
        MaxConnections = 8,
    };

    /// <summary>Short deadlines so the timeout tests take a second, not ten.</summary>
    private static readonly HttpServerOptions Impatient = Patient with
    {
        RequestTimeout = TimeSpan.FromSeconds(1),
        ResponseTimeout = TimeSpan.FromSeconds(1),
    };

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Answers every request with its method and path; throws for <c>/boom</c>.</summary>
    private sealed class EchoHandler : IHttpRequestHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public HttpResponse Handle(HttpRequest request, IPAddress localAddress)
        {
            Interlocked.Increment(ref _requests);
            if (request.Path == "/boom")
                throw new InvalidOperationException("a bug in a page");
            return HttpResponse.Text(200, $"{request.Method} {request.Path} from {localAddress}");
        }
    }

    private static HttpServer Start(out EchoHandler handler, HttpServerOptions? options = null, RecordingLoggerFactory? log = null)
    {
        handler = new EchoHandler();
        var server = new HttpServer(new ListenEndpoint("127.0.0.1", 0), options ?? Patient, handler, TimeProvider.System, (log ?? new RecordingLoggerFactory()).CreateLogger("test"));
        Assert.True(server.TryStart(out var error), error.ToString());
        return server;
    }

    private static int Port(HttpServer server) => server.LocalEndPoint!.Port;

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
        catch (SocketException) when (received.Length > 0)
        {
        }
        return Encoding.Latin1.GetString(received.ToArray());
    }

    /// <summary>One exchange on a fresh connection: sends, then reads the whole answer.</summary>
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

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Bound)
                Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Answers_a_request_and_closes_the_connection()
    {
        await using var server = Start(out var handler);

        var response = await ExchangeAsync(Port(server), "GET /healthz?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nGET /healthz from 127.0.0.1\n", response, StringComparison.Ordinal);
        Assert.Equal(1, handler.Requests);
        await WaitUntilAsync(() => server.ConnectionCount == 0, "the connection is gone");
    }

    [Fact]
    public async Task Serves_httpclient_for_get_and_head()
    {
        await using var server = Start(out _);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port(server)}/"), Timeout = Bound };

        var body = await client.GetStringAsync("api/status");
        Assert.Equal("GET /api/status from 127.0.0.1\n", body);

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/status"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("HEAD /api/status from 127.0.0.1\n".Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Refuses_hostile_input_then_serves_a_normal_request()
    {
        var log = new RecordingLoggerFactory();
        await using var server = Start(out var handler, log: log);
        var port = Port(server);

        Assert.StartsWith("HTTP/1.1 400 ", await ExchangeAsync(port, [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400 ", await ExchangeAsync(port, "\u0001\u0002GARBAGE \u00ff\u00fe\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 431 ", await ExchangeAsync(port, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + new string('a', 100_000)), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 431 ", await ExchangeAsync(port, "GET / HTTP/1.1\r\nHost: a\r\n" + string.Concat(Enumerable.Repeat("X: y\r\n", 200)) + "\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 414 ", await ExchangeAsync(port, "GET /" + new string('a', 20_000) + " HTTP/1.1\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 505 ", await ExchangeAsync(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400 ", await ExchangeAsync(port, "GET / HTTP/1.1\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 500 ", await ExchangeAsync(port, "GET /boom HTTP/1.1\r\nHost: a\r\n\r\n"), StringComparison.Ordinal);

        // Half a request, then the client closes its side.
        using (var half = await ConnectAsync(port))
        {
            await half.SendAsync("GET / HT"u8.ToArray(), SocketFlags.None);
            half.Shutdown(SocketShutdown.Send);
            Assert.StartsWith("HTTP/1.1 400 ", await ReadToEndAsync(half), StringComparison.Ordinal);
        }

        Assert.StartsWith("HTTP/1.1 200 ", await ExchangeAsync(port, "GET / HTTP/1.0\r\n\r\n"), StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests); // /boom and the last one; nothing else reached the handler
        Assert.Contains(log.Lines, l => l.Text.Contains("GET /boom", StringComparison.Ordinal) && l.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        await WaitUntilAsync(() => server.ConnectionCount == 0, "every connection is gone");
    }

    [Fact]
    public async Task Reads_past_an_unwanted_body_so_the_answer_is_not_lost()
    {
        await using var server = Start(out _);
        var body = new string('b', 48 * 1024);

        using var socket = await ConnectAsync(Port(server));
        await socket.SendAsync(Encoding.ASCII.GetBytes($"POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: {body.Length}\r\n\r\n{body}"), SocketFlags.None);

        // Read to the end: the whole answer arrives although most of the body was never wanted.
        using var timeout = new CancellationTokenSource(Bound);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int length;
        while ((length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            received.Write(buffer, 0, length);
        var response = Encoding.ASCII.GetString(received.ToArray());
        Assert.StartsWith("HTTP/1.1 200 ", response, StringComparison.Ordinal);
        Assert.EndsWith("POST /upload from 127.0.0.1\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drops_a_client_that_sends_nothing()
    {
        var log = new RecordingLoggerFactory();
        await using var server = Start(out _, Impatient, log);
        using var silent = await ConnectAsync(Port(server));

        Assert.Equal("", await ReadToEndAsync(silent)); // closed by the server, nothing said
        Assert.Contains(log.Lines, l => l.Text.Contains("no complete request within 1 s", StringComparison.Ordinal));
        await WaitUntilAsync(() => server.ConnectionCount == 0, "the silent connection is gone");
    }

    [Fact]
    public async Task Drops_a_client_that_trickles_its_request_at_the_total_deadline()
    {
        await using var server = Start(out var handler, Impatient);
        using var slow = await ConnectAsync(Port(server));
        await slow.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nX-Slow: "u8.ToArray(), SocketFlags.None);

        // A byte every 100 ms keeps an idle timer happy forever; the request deadline is a total.
        var clock = Stopwatch.StartNew();
        var closed = false;
        while (!closed && clock.Elapsed < Bound)
        {
            try
            {
                await slow.SendAsync("a"u8.ToArray(), SocketFlags.None);
                await Task.Delay(100);
                closed = slow.Poll(0, SelectMode.SelectRead) && slow.Available == 0;
            }
            catch (SocketException)
            {
                closed = true;
            }
        }

        Assert.True(closed, "the server kept a trickling client past its deadline");
        Assert.Equal(0, handler.Requests);
        await WaitUntilAsync(() => server.ConnectionCount == 0, "the trickling connection is gone");
    }

    [Fact]
    public async Task Answers_503_over_the_connection_cap_then_serves_again()
    {
        var options = Patient with { MaxConnections = 4, RequestTimeout = TimeSpan.FromSeconds(30) };
        var log = new RecordingLoggerFactory();
        await using var server = Start(out _, options, log);
        var port = Port(server);

        var holders = new List<Socket>();
        for (var i = 0; i < 4; i++)
            holders.Add(await ConnectAsync(port));
        await WaitUntilAsync(() => server.ConnectionCount == 4, "the four silent clients are being served");

        for (var i = 0; i < 3; i++)
        {
            var refused = await ExchangeAsync(port, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", refused, StringComparison.Ordinal);
            Assert.Contains("too many connections (limit 4)", refused, StringComparison.Ordinal);
        }
        Assert.Single(log.Lines, l => l.Text.Contains("maximum of 4 connections", StringComparison.Ordinal)); // once, not per refusal

        foreach (var holder in holders)
            holder.Dispose();
        await WaitUntilAsync(() => server.ConnectionCount == 0, "the silent clients are gone");
        Assert.StartsWith("HTTP/1.1 200 ", await ExchangeAsync(port, "GET / HTTP/1.1\r\nHost: a\r\n\r\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Survives_a_flood_of_connections_that_vanish()
    {
        await using var server = Start(out var handler, Patient with { MaxConnections = 16 });
        var port = Port(server);

        for (var round = 0; round < 10; round++)
        {
            var sockets = new List<Socket>();
            for (var i = 0; i < 30; i++)
            {
                var socket = await ConnectAsync(port);
                if (i % 3 == 0)
                    await socket.SendAsync("GET / HTTP/1.1\r\nHost"u8.ToArray(), SocketFlags.None);
                if (i % 5 == 0)
                    socket.LingerState = new LingerOption(true, 0); // closes with a reset
                sockets.Add(socket);
            }
            foreach (var socket in sockets)
                socket.Dispose();
        }

        await WaitUntilAsync(() => server.ConnectionCount == 0, "every flooded connection is gone");
        Assert.Equal(0, handler.Requests);
        Assert.StartsWith("HTTP/1.1 200 ", await ExchangeAsync(port, "GET / HTTP/1.1\r\nHost: a\r\n\r\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serves_many_clients_at_once()
    {
        await using var server = Start(out var handler, Patient with { MaxConnections = 32 });
        using var client = new HttpClient { Timeout = Bound };
        var url = $"http://127.0.0.1:{Port(server)}/healthz";

        var bodies = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => client.GetStringAsync(url)));

        Assert.All(bodies, b => Assert.Equal("GET /healthz from 127.0.0.1\n", b));
        Assert.Equal(24, handler.Requests);
    }

    [Fact]
    public async Task A_second_server_cannot_take_a_port_in_use()
    {
        await using var first = Start(out _);
        await using var second = new HttpServer(new ListenEndpoint("127.0.0.1", Port(first)), Patient, new EchoHandler(), TimeProvider.System, new RecordingLoggerFactory().CreateLogger("test"));

        Assert.False(second.TryStart(out var error));
        Assert.Equal(SocketError.AddressAlreadyInUse, error);
        Assert.StartsWith("HTTP/1.1 200 ", await ExchangeAsync(Port(first), "GET / HTTP/1.0\r\n\r\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restarted_server_takes_its_port_back_at_once()
    {
        // The server closes first after every answer, so its side of each connection lingers in
        // TIME_WAIT; a restart (systemctl restart edge) must still bind the port straight away.
        var first = Start(out _);
        var port = Port(first);
        for (var i = 0; i < 5; i++)
            Assert.StartsWith("HTTP/1.1 200 ", await ExchangeAsync(port, "GET / HTTP/1.0\r\n\r\n"), StringComparison.Ordinal);
        await first.DisposeAsync();

        await using var second = new HttpServer(new ListenEndpoint("127.0.0.1", port), Patient, new EchoHandler(), TimeProvider.System, new RecordingLoggerFactory().CreateLogger("test"));
        Assert.True(second.TryStart(out var error), error.ToString());
        Assert.StartsWith("HTTP/1.1 200 ", await ExchangeAsync(port, "GET / HTTP/1.0\r\n\r\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_closes_open_connections_and_the_listener()
    {
        var server = Start(out _, Patient with { RequestTimeout = TimeSpan.FromSeconds(30) });
        var port = Port(server);
        using var waiting = await ConnectAsync(port);
        await WaitUntilAsync(() => server.ConnectionCount == 1, "the client is being served");

        await server.DisposeAsync().AsTask().WaitAsync(Bound);

        Assert.Equal("", await ReadToEndAsync(waiting));
        await Assert.ThrowsAsync<SocketException>(async () => (await ConnectAsync(port)).Dispose());
    }
}

using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Edge.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Daemon;

/// <summary>
/// Logins on the real binary's web server, with curl (<c>--digest</c>, <c>--basic</c>, wrong and no
/// credentials), a WebSocket client sending <c>Authorization</c>, and HTTPS from openssl-made
/// files checked with <c>curl --cacert</c>; the password and the Authorization values never reach the log.
/// </summary>
public sealed partial class WebAccessTests(ITestOutputHelper output) : IDisposable
{
    private const string User = "viewer";
    private const string Password = "e2e-Web-pw-7Qx";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-e2e-web-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Config(int httpPort, string extra = "") => $"""
        {TestCameras.One}
        [http]
        listen = "127.0.0.1:{httpPort}"
        auth = "login"
        {extra}
        [[http.users]]
        name = "{User}"
        password = "{Password}"
        """;

    private static HttpClient Client(string baseAddress, HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler { Credentials = new NetworkCredential(User, Password) }) { BaseAddress = new Uri(baseAddress), Timeout = Bound };

    /// <summary>curl's status line, headers and body (-i), its verbose trace in stderr.</summary>
    private static async Task<ExternalTool.Result> CurlAsync(params string[] arguments) =>
        await ExternalTool.RunAsync("curl", ["-sS", "-i", "-v", "--max-time", "20", .. arguments], Bound);

    private static int StatusOf(ExternalTool.Result curl) =>
        int.Parse(StatusLine().Matches(curl.StdoutText).Last().Groups[1].Value, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Curl_digest_and_basic_get_in_wrong_or_no_credentials_get_401_with_both_schemes()
    {
        var httpPort = Ports.NextPair();
        var url = $"http://127.0.0.1:{httpPort}";
        await using var edge = await EdgeServer.StartAsync(Config(httpPort));
        using var client = Client(url + "/");
        await StatusApi.WaitUntilStreamingAsync(client, "cam", edge, Bound);

        // No credentials: 401 offering Digest (SHA-256, MD5) and Basic, and nothing of the page.
        var anonymous = await CurlAsync($"{url}/api/status");
        Assert.Equal(401, StatusOf(anonymous));
        var challenges = anonymous.StdoutText.Split("\r\n").Where(l => l.StartsWith("WWW-Authenticate:", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(3, challenges.Count);
        Assert.Contains("algorithm=SHA-256", challenges[0], StringComparison.Ordinal);
        Assert.Contains("algorithm=MD5", challenges[1], StringComparison.Ordinal);
        Assert.StartsWith("WWW-Authenticate: Basic realm=\"edge\"", challenges[2], StringComparison.Ordinal);
        Assert.DoesNotContain("cameras", anonymous.StdoutText, StringComparison.Ordinal);
        foreach (var path in new[] { "/", "/metrics", "/cameras/cam", "/cameras/cam/snapshot.jpg", "/cameras/cam/live.mp4", "/no-such-page" })
            Assert.Equal(401, StatusOf(await CurlAsync($"{url}{path}")));

        // Digest, as Home Assistant's generic camera or an NVR fetches the still image.
        var digest = await CurlAsync("--digest", "-u", $"{User}:{Password}", "-o", Path.Combine(_folder, "digest.jpg"), "-w", "%{http_code} %{content_type}", $"{url}/cameras/cam/snapshot.jpg");
        output.WriteLine(digest.Stderr);
        Assert.EndsWith("200 image/jpeg", digest.StdoutText, StringComparison.Ordinal);
        Assert.Matches("Authorization: Digest .*algorithm=SHA-256", digest.Stderr);
        var probe = await ExternalTool.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,width", "-of", "csv=p=0", Path.Combine(_folder, "digest.jpg")], Bound);
        Assert.Equal("mjpeg,320", probe.StdoutText.Trim());

        var basic = await CurlAsync("--basic", "-u", $"{User}:{Password}", $"{url}/api/status");
        Assert.Equal(200, StatusOf(basic));
        Assert.Contains("\"cameras\"", basic.StdoutText, StringComparison.Ordinal);
        Assert.Contains("Set-Cookie: edge_session=", basic.StdoutText, StringComparison.Ordinal);

        // Wrong password, and a user that does not exist: the same 401, both schemes again.
        var wrongDigest = await CurlAsync("--digest", "-u", $"{User}:not-{Password}", $"{url}/api/status");
        var wrongBasic = await CurlAsync("--basic", "-u", $"{User}:not-{Password}", $"{url}/api/status");
        var nobody = await CurlAsync("--basic", "-u", $"nobody:{Password}", $"{url}/api/status");
        foreach (var refused in new[] { wrongDigest, wrongBasic, nobody })
        {
            Assert.Equal(401, StatusOf(refused));
            Assert.Contains("WWW-Authenticate: Basic", refused.StdoutText, StringComparison.Ordinal);
        }
        Assert.Equal(BodyOf(wrongBasic), BodyOf(nobody));

        // The health check needs no login and says no more than ok.
        var health = await CurlAsync($"{url}/healthz");
        Assert.Equal(200, StatusOf(health));
        Assert.Equal("ok\n", BodyOf(health));

        // No secret in the log: not the password, not what curl put in Authorization.
        await Task.Delay(500);
        var log = edge.Process.Output;
        output.WriteLine(log);
        Assert.DoesNotContain(Password, log, StringComparison.Ordinal);
        foreach (var sent in AuthorizationValues(digest.Stderr + basic.Stderr + wrongDigest.Stderr + wrongBasic.Stderr + nobody.Stderr))
            Assert.DoesNotContain(sent, log, StringComparison.Ordinal);
        Assert.Contains("HTTP status page asks for a login (HTTP Basic or Digest); users: viewer (from [[http.users]])", log, StringComparison.Ordinal);
        // Three failures from one address in well under a minute: one line.
        Assert.Single(log.Split('\n'), l => l.Contains("login failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_live_WebSocket_opens_with_Basic_or_Digest_and_is_refused_without()
    {
        var httpPort = Ports.NextPair();
        var url = $"http://127.0.0.1:{httpPort}";
        await using var edge = await EdgeServer.StartAsync(Config(httpPort));
        using var client = Client(url + "/");
        await StatusApi.WaitUntilStreamingAsync(client, "cam", edge, Bound);
        var live = new Uri($"ws://127.0.0.1:{httpPort}/cameras/cam/live");

        using (var anonymous = new ClientWebSocket())
        {
            anonymous.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => anonymous.ConnectAsync(live, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.HttpStatusCode);
        }

        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        await AssertInitSegmentAsync(live, basic);

        // Digest: take a nonce from a 401, sign GET of the socket's path with SHA-256, as a browser would.
        using var bare = new HttpClient { Timeout = Bound };
        using var challenge = await bare.GetAsync($"{url}/cameras/cam/live");
        var nonce = NonceOf().Match(challenge.Headers.WwwAuthenticate.First().Parameter!).Groups[1].Value;
        static string H(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
        var response = H($"{H($"{User}:edge:{Password}")}:{nonce}:00000001:c0ffee:auth:{H("GET:/cameras/cam/live")}");
        var digest = $"Digest username=\"{User}\", realm=\"edge\", nonce=\"{nonce}\", uri=\"/cameras/cam/live\", algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"c0ffee\", response=\"{response}\"";
        await AssertInitSegmentAsync(live, digest);

        await Task.Delay(300);
        Assert.DoesNotContain(Password, edge.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(basic[6..], edge.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(response, edge.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_from_openssl_files_is_verified_by_curl_cacert()
    {
        var certificate = Path.Combine(_folder, "cert.pem");
        var key = Path.Combine(_folder, "key.pem");
        var openssl = await ExternalTool.RunAsync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate], Bound);
        Assert.True(openssl.ExitCode == 0, openssl.Stderr);

        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(Config(httpPort, $"tls_certificate = \"{certificate}\"\ntls_key = \"{key}\""));
        var url = $"https://127.0.0.1:{httpPort}";

        var ok = await CurlAsync("--cacert", certificate, "--digest", "-u", $"{User}:{Password}", $"{url}/api/status");
        output.WriteLine(ok.Stderr);
        Assert.Equal(200, StatusOf(ok));
        Assert.Contains($"\"snapshot_url\": \"https://127.0.0.1:{httpPort}/cameras/cam/snapshot.jpg\"", ok.StdoutText, StringComparison.Ordinal);
        Assert.Contains("Set-Cookie: edge_session=", ok.StdoutText, StringComparison.Ordinal);
        Assert.Matches("(?i)set-cookie: edge_session=[^\r\n]*; secure", ok.StdoutText);

        var untrusted = await ExternalTool.RunAsync("curl", ["-sS", "--max-time", "20", $"{url}/healthz"], Bound);
        Assert.NotEqual(0, untrusted.ExitCode); // not signed by a CA curl knows
        var plain = await ExternalTool.RunAsync("curl", ["-sS", "--max-time", "20", "-o", "/dev/null", "-w", "%{http_code}", $"http://127.0.0.1:{httpPort}/healthz"], Bound);
        Assert.NotEqual("200", plain.StdoutText);
        Assert.Contains($"HTTP status page listening on https://127.0.0.1:{httpPort}/", edge.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_config_names_a_missing_or_mismatched_tls_file_and_the_fix()
    {
        var certificate = Path.Combine(_folder, "cert.pem");
        var key = Path.Combine(_folder, "key.pem");
        var otherKey = Path.Combine(_folder, "other-key.pem");
        Assert.Equal(0, (await ExternalTool.RunAsync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=edge", "-keyout", key, "-out", certificate], Bound)).ExitCode);
        Assert.Equal(0, (await ExternalTool.RunAsync("openssl", ["genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", otherKey], Bound)).ExitCode);

        var missing = await CheckConfigAsync($"tls_certificate = \"{_folder}/nope.pem\"\ntls_key = \"{key}\"");
        var mismatched = await CheckConfigAsync($"tls_certificate = \"{certificate}\"\ntls_key = \"{otherKey}\"");
        var good = await CheckConfigAsync($"tls_certificate = \"{certificate}\"\ntls_key = \"{key}\"");

        Assert.NotEqual(0, missing.ExitCode);
        Assert.Matches($@"edge\.toml:\d+:\d+: http\.tls_certificate: {Regex.Escape(_folder)}/nope\.pem does not exist; give the path of a PEM certificate", missing.Stderr + missing.StdoutText);
        Assert.NotEqual(0, mismatched.ExitCode);
        Assert.Contains($"http.tls_key: {otherKey} and {certificate} do not load as a pair", mismatched.Stderr + mismatched.StdoutText, StringComparison.Ordinal);
        Assert.True(good.ExitCode == 0, good.Stderr);
    }

    private async Task<ExternalTool.Result> CheckConfigAsync(string tls)
    {
        var path = Path.Combine(_folder, "edge.toml");
        await File.WriteAllTextAsync(path, Config(Ports.NextPair(), tls));
        var result = await ExternalTool.RunAsync(EdgeBinary.Path, ["check-config", path], Bound);
        output.WriteLine(result.StdoutText + result.Stderr);
        return result;
    }

    private static async Task AssertInitSegmentAsync(Uri live, string authorization)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", authorization);
        using var timeout = new CancellationTokenSource(Bound);
        await socket.ConnectAsync(live, timeout.Token);
        var buffer = new byte[64 * 1024];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Binary, received.MessageType);
        Assert.Equal("ftyp", Encoding.ASCII.GetString(buffer, 4, 4));
    }

    private static string BodyOf(ExternalTool.Result curl)
    {
        var text = curl.StdoutText;
        return text[(text.LastIndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
    }

    /// <summary>The credentials curl sent (its -v trace shows each request's Authorization), without the scheme name.</summary>
    private static IEnumerable<string> AuthorizationValues(string curlTrace)
    {
        foreach (Match match in SentAuthorization().Matches(curlTrace))
        {
            yield return match.Groups[1].Value.Trim();
            foreach (Match response in DigestResponse().Matches(match.Groups[1].Value))
                yield return response.Groups[1].Value;
        }
    }

    [GeneratedRegex(@"HTTP/1\.1 (\d{3})")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"> Authorization: (?:Basic|Digest) ([^\r\n]+)")]
    private static partial Regex SentAuthorization();

    [GeneratedRegex("response=\"([0-9a-f]+)\"")]
    private static partial Regex DigestResponse();

    [GeneratedRegex("nonce=\"([0-9a-f]+)\"")]
    private static partial Regex NonceOf();
}

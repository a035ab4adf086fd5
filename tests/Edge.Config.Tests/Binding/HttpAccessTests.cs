using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Config;

namespace Edge.Config.Tests.Binding;

/// <summary><c>[http]</c> auth, users and TLS files: who may view, and the errors that say how to fix them.</summary>
public sealed class HttpAccessTests : IDisposable
{
    private const string RtspUser = "[[rtsp.users]]\nname = \"viewer\"\npassword = \"rtsp-SECRET-pw\"\n";
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-config-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ConfigLoadResult Load(string text) => ConfigLoader.LoadText("[camera.a]\n" + text, "t.toml");

    [Fact]
    public void Loopback_NeedsNoLogin_ByDefault()
    {
        var http = ConfigLoader.Defaults().Http;

        Assert.Equal(HttpAuthMode.Auto, http.Auth);
        Assert.True(http.Listen.IsLoopback);
        Assert.False(http.LoginRequired);
        Assert.False(http.IsTls);
    }

    [Fact]
    public void BeyondLoopback_WithoutUsers_IsAnErrorAtTheListenKey_WithEveryWayOut()
    {
        var result = Load("[http]\nlisten = \"0.0.0.0:8080\"\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Position.Line);
        Assert.Contains("http.listen is \"0.0.0.0:8080\", which is open beyond this machine, so viewing needs a login, but no user is configured", error.Message, StringComparison.Ordinal);
        Assert.Contains("add an [[http.users]] (or [[rtsp.users]]) table", error.Message, StringComparison.Ordinal);
        Assert.Contains("set http.auth = \"none\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BeyondLoopback_UsesTheRtspUsers_WhenTheWebHasNone()
    {
        var result = Load($"[rtsp]\n{RtspUser}[http]\nlisten = \"0.0.0.0:8080\"\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var http = result.Config!.Http;
        Assert.True(http.LoginRequired);
        Assert.True(http.UsersFromRtsp);
        Assert.Equal("viewer", Assert.Single(http.Users).Name);
    }

    [Fact]
    public void HttpUsers_ReplaceTheRtspUsers_ForTheWeb()
    {
        var result = Load($"[rtsp]\n{RtspUser}[http]\nlisten = \"[::]:8080\"\nauth = \"digest\"\n[[http.users]]\nname = \"ha\"\npassword = \"web-pw\"\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var http = result.Config!.Http;
        Assert.Equal(HttpAuthMode.Digest, http.Auth);
        Assert.False(http.UsersFromRtsp);
        Assert.Equal(new UserConfig("ha", "web-pw"), Assert.Single(http.Users));
        Assert.Equal("viewer", Assert.Single(result.Config.Rtsp.Users).Name);
    }

    [Fact]
    public void AuthNone_LeavesThePageOpen_WhereverItListens()
    {
        var result = Load("[http]\nlisten = \"0.0.0.0:8080\"\nauth = \"none\"\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.False(result.Config!.Http.LoginRequired);
    }

    [Theory]
    [InlineData("[http]\nauth = \"login\"\n", "http.auth is \"login\", but no user is configured")]
    [InlineData("[http]\nauth = \"digest\"\n", "http.auth is \"digest\", but no user is configured")]
    [InlineData("[http]\nauth = \"password\"\n", "http.auth must be one of auto, none, login, digest; got \"password\"")]
    [InlineData("[http]\nauth = \"login\"\n[[http.users]]\nname = \"a:b\"\npassword = \"x\"\n", "http.users[0].name must be a non-empty user name without ':'")]
    [InlineData("[http]\ntls_certificate = \"/etc/edge/cert.pem\"\n", "http.tls_certificate is set but http.tls_key is not; HTTPS needs both")]
    [InlineData("[http]\ntls_key = \"/etc/edge/key.pem\"\n", "http.tls_key is set but http.tls_certificate is not")]
    [InlineData("[http]\ntls_certificate = \"/nonexistent/cert.pem\"\ntls_key = \"/nonexistent/key.pem\"\n", "http.tls_certificate: /nonexistent/cert.pem does not exist; give the path of a PEM certificate (openssl req -x509")]
    public void Mistakes_AreExplained(string text, string expected)
    {
        var result = Load(text);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_NeverEchoAWebUsersPassword()
    {
        var result = Load("[http]\nauth = \"login\"\n[[http.users]]\nname = \"\"\npassword = \"SUPERSECRETKEY\"\npasword = \"SUPERSECRETKEY\"\n");

        Assert.False(result.IsValid);
        Assert.DoesNotContain(result.Errors, e => e.ToString().Contains("SUPERSECRETKEY", StringComparison.Ordinal));
    }

    [Fact]
    public void TlsPair_ThatLoads_IsAccepted_RelativeToTheConfigFile()
    {
        var (certificate, key) = WritePair("good");
        var config = Path.Combine(_folder, "edge.toml");
        File.WriteAllText(config, $"[camera.a]\n[http]\ntls_certificate = \"{Path.GetFileName(certificate)}\"\ntls_key = \"{Path.GetFileName(key)}\"\n");

        var result = ConfigLoader.LoadFile(config);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.True(result.Config!.Http.IsTls);
        Assert.Equal(certificate, result.Config.Http.TlsCertificate);
        Assert.Equal(key, result.Config.Http.TlsKey);
    }

    [Fact]
    public void TlsKey_OfAnotherCertificate_IsAnErrorAtTheKey()
    {
        var (certificate, _) = WritePair("one");
        var (_, otherKey) = WritePair("two");

        var result = Load($"[http]\ntls_certificate = \"{certificate}\"\ntls_key = \"{otherKey}\"\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Position.Line);
        Assert.StartsWith($"http.tls_key: {otherKey} and {certificate} do not load as a pair", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TlsFiles_Swapped_OrNotPem_SayWhichFileIsWrong()
    {
        var (certificate, key) = WritePair("swap");
        var garbage = Path.Combine(_folder, "garbage.pem");
        File.WriteAllBytes(garbage, [0x30, 0x82, 0x01, 0x00]);

        var swapped = Load($"[http]\ntls_certificate = \"{key}\"\ntls_key = \"{certificate}\"\n");
        var notPem = Load($"[http]\ntls_certificate = \"{certificate}\"\ntls_key = \"{garbage}\"\n");

        Assert.Contains(swapped.Errors, e => e.Message.StartsWith($"http.tls_certificate: {key} holds no PEM certificate", StringComparison.Ordinal));
        Assert.Contains(notPem.Errors, e => e.Message.StartsWith($"http.tls_key: {garbage} holds no PEM private key", StringComparison.Ordinal));
    }

    private (string Certificate, string Key) WritePair(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=edge-test", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certificatePath = Path.Combine(_folder, name + "-cert.pem");
        var keyPath = Path.Combine(_folder, name + "-key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}

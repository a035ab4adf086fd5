using System.Net;
using Edge.Cli;
using Edge.Config;

namespace Edge.Tests.Cli;

public sealed class UrlsVerbTests
{
    // Stands in for this host's interfaces: a wildcard listen address is reachable at two LAN
    // addresses and one global IPv6 one; a literal address only at itself.
    private static IReadOnlyList<IPAddress> TwoInterfaces(IPAddress listen) =>
        listen.Equals(IPAddress.Any) ? [IPAddress.Parse("192.168.1.20"), IPAddress.Parse("10.0.0.5")]
        : listen.Equals(IPAddress.IPv6Any) ? [IPAddress.Parse("192.168.1.20"), IPAddress.Parse("2001:db8::20")]
        : [listen];

    private static string Print(string toml)
    {
        var result = ConfigLoader.LoadText(toml, "test.toml");
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        var output = new StringWriter();
        UrlsVerb.Write(result.Config, TwoInterfaces, output);
        return output.ToString();
    }

    [Fact]
    public void EveryCamera_GetsItsRtspUrlAtEachAddress_AndItsPageAndSnapshot()
    {
        var text = Print("""
            [camera.front]
            source = "test"
            [camera.back]
            source = "test"
            [http]
            listen = "0.0.0.0:8080"
            auth = "none"
            """);

        Assert.Equal("""
            front:
              rtsp      rtsp://192.168.1.20:8554/front
              rtsp      rtsp://10.0.0.5:8554/front
              live      http://192.168.1.20:8080/cameras/front
              snapshot  http://192.168.1.20:8080/cameras/front/snapshot.jpg
              live      http://10.0.0.5:8080/cameras/front
              snapshot  http://10.0.0.5:8080/cameras/front/snapshot.jpg
            back:
              rtsp      rtsp://192.168.1.20:8554/back
              rtsp      rtsp://10.0.0.5:8554/back
              live      http://192.168.1.20:8080/cameras/back
              snapshot  http://192.168.1.20:8080/cameras/back/snapshot.jpg
              live      http://10.0.0.5:8080/cameras/back
              snapshot  http://10.0.0.5:8080/cameras/back/snapshot.jpg
            status page: http://192.168.1.20:8080/
            status page: http://10.0.0.5:8080/
            ONVIF device service: http://192.168.1.20:8080/onvif/device_service
            ONVIF device service: http://10.0.0.5:8080/onvif/device_service

            """.ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void WithAuthentication_TheUrlCarriesTheUserButNeverThePassword()
    {
        var text = Print("""
            [rtsp]
            auth = "digest"
            [[rtsp.users]]
            name = "viewer"
            password = "s3cret-never-printed"
            [camera.cam]
            source = "test"
            """);

        Assert.Contains("rtsp://viewer@192.168.1.20:8554/cam", text, StringComparison.Ordinal);
        Assert.Contains("user viewer", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void APageWithALoginOverHttps_GivesHttpsUrls_AndTheSnapshotCarriesTheUser()
    {
        var directory = Directory.CreateTempSubdirectory("edge-urls-");
        try
        {
            // Real PEM files: the config checks them when it loads.
            using var key = System.Security.Cryptography.RSA.Create(2048);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=edge", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            File.WriteAllText(Path.Combine(directory.FullName, "cert.pem"), certificate.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory.FullName, "key.pem"), key.ExportPkcs8PrivateKeyPem());
            var result = ConfigLoader.LoadText($"""
                [camera.cam]
                source = "test"
                [http]
                listen = "0.0.0.0:8443"
                tls_certificate = "{directory.FullName}/cert.pem"
                tls_key = "{directory.FullName}/key.pem"
                [[http.users]]
                name = "family"
                password = "not-in-the-output"
                """, "test.toml");
            Assert.True(result.IsValid, string.Join('\n', result.Errors));
            var output = new StringWriter();

            UrlsVerb.Write(result.Config, TwoInterfaces, output);

            var text = output.ToString();
            Assert.Contains("live      https://192.168.1.20:8443/cameras/cam", text, StringComparison.Ordinal);
            Assert.Contains("snapshot  https://family@192.168.1.20:8443/cameras/cam/snapshot.jpg", text, StringComparison.Ordinal);
            Assert.Contains("status page: https://10.0.0.5:8443/", text, StringComparison.Ordinal);
            Assert.Contains("ONVIF device service: https://10.0.0.5:8443/onvif/device_service", text, StringComparison.Ordinal);
            Assert.Contains("(the page asks for a login: user family, password in [[http.users]] of the config)", text, StringComparison.Ordinal);
            Assert.DoesNotContain("not-in-the-output", text, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ALoopbackPage_IsSaidToBeForThisMachineOnly_AndIPv6IsBracketed()
    {
        var text = Print("""
            [rtsp]
            listen = "[::]:8554"
            [camera.cam]
            source = "test"
            """);

        Assert.Contains("rtsp://[2001:db8::20]:8554/cam", text, StringComparison.Ordinal);
        Assert.Contains("live      http://127.0.0.1:8080/cameras/cam", text, StringComparison.Ordinal);
        Assert.Contains("for this machine only", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTheWebServer_OnlyRtspIsListed()
    {
        var text = Print("""
            [camera.cam]
            source = "test"
            [http]
            enabled = false
            """);

        Assert.Contains("rtsp://192.168.1.20:8554/cam", text, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", text, StringComparison.Ordinal);
        Assert.Contains("status page: off ([http] enabled = false)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithOnvifOff_TheOnvifLineSaysSo()
    {
        var off = Print("""
            [camera.cam]
            source = "test"
            [http]
            listen = "0.0.0.0:8080"
            auth = "none"
            [onvif]
            enabled = false
            """);

        Assert.Contains("ONVIF: off ([onvif] enabled = false)", off, StringComparison.Ordinal);
        Assert.DoesNotContain("/onvif/", off, StringComparison.Ordinal);
    }

    [Fact]
    public void ABrokenConfig_IsRefusedWithItsErrors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edge-urls-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, "[camera.cam]\nfps = 500\n");
        try
        {
            var output = new StringWriter();
            var errors = new StringWriter();

            var code = UrlsVerb.Execute(new UrlsCommand(path), output, errors);

            Assert.Equal(1, code);
            Assert.Empty(output.ToString());
            Assert.Contains($"{path}:2:", errors.ToString(), StringComparison.Ordinal);
            Assert.Contains("edge check-config", errors.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WithoutAConfigFile_TheBuiltInDefaultsAreListed()
    {
        var output = new StringWriter();

        var code = UrlsVerb.Execute(new UrlsCommand(null), output, new StringWriter(), defaultPath: "/nonexistent/edge.toml");

        Assert.Equal(0, code);
        Assert.StartsWith("(no config file at /nonexistent/edge.toml", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(":8554/cam", output.ToString(), StringComparison.Ordinal);
    }
}

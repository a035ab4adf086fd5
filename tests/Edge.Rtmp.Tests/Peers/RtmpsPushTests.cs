using Edge.Media.Health;
using Edge.Rtmp.Client;
using Edge.Rtmp.Tests.Client;
using Edge.Rtmp.Tests.Support;
using Edge.Tests.Shared.Peers;
using Xunit.Abstractions;

namespace Edge.Rtmp.Tests.Peers;

/// <summary>RTMPS: nginx-rtmp behind stunnel, with a CA and certificate the test makes.</summary>
public sealed class RtmpsPushTests(ITestOutputHelper output)
{
    private const string StreamName = "tls-key";

    [Fact]
    public async Task TrustedThroughTlsCaFile_Publishes_AndPlaysBackCleanly()
    {
        using var certificates = TestCertificates.Create();
        await using var setup = await TlsSetup.StartAsync(certificates);
        await using var camera = TestPatternCamera.Start(320, 240, 25);
        await using var push = new PushHarness(camera, PushHarness.Config(setup.RtmpsUrl(StreamName), caFile: certificates.CaPemFile));
        Assert.True(await push.WaitForAsync(PushState.Live, TimeSpan.FromSeconds(15)), $"not live: {push.Current}\n{push.Logs.Text}\n{setup.Stunnel.Output}");

        var skippedBefore = camera.Source.FramesSkipped;
        var decoded = await FfmpegTools.DecodeVideoAsync(setup.Nginx.Url(StreamName), 320, 240, 4);
        await push.StopAsync();

        output.WriteLine($"{decoded.Frames} pictures over rtmps://, {push.Worker.BytesSent} bytes sent");
        FfmpegTools.AssertClean(decoded, 100, camera.Source.FramesSkipped - skippedBefore);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PinnedByFingerprint_Publishes_InEitherSpelling(bool withColons)
    {
        using var certificates = TestCertificates.Create();
        await using var setup = await TlsSetup.StartAsync(certificates);
        var fingerprint = withColons ? certificates.ServerSha256WithColons : certificates.ServerSha256.ToLowerInvariant();

        await using var publisher = await RtmpPublisher.PublishAsync(Options(setup.RtmpsUrl(StreamName)) with { TlsFingerprint = fingerprint });

        Assert.Null(publisher.Failure);
    }

    [Fact]
    public async Task UntrustedCertificate_IsRefused_NamingTheHostTheReasonAndTheFix()
    {
        using var certificates = TestCertificates.Create();
        await using var setup = await TlsSetup.StartAsync(certificates);

        var e = await Assert.ThrowsAsync<RtmpException>(() => RtmpPublisher.PublishAsync(Options(setup.RtmpsUrl(StreamName))));

        output.WriteLine(e.Message);
        Assert.Equal(RtmpFailure.Tls, e.Failure);
        Assert.Contains("the TLS certificate of 127.0.0.1 is not trusted", e.Message, StringComparison.Ordinal);
        Assert.Contains("not trusted by this system", e.Message, StringComparison.Ordinal);
        Assert.Contains("trust the PEM file of the CA that signed its certificate, or pin the certificate's SHA-256 fingerprint", e.Message, StringComparison.Ordinal);
        Assert.Contains(certificates.ServerSha256WithColons, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(StreamName, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntrustedCertificate_KeepsTheWorkerRetrying_WithTheReasonAndTheHostsRemedyInHealth()
    {
        using var certificates = TestCertificates.Create();
        await using var setup = await TlsSetup.StartAsync(certificates);
        await using var camera = TestPatternCamera.Start(320, 240, 25);
        var options = PushHarness.Config(setup.RtmpsUrl(StreamName)) with
        {
            Remedy = failure => failure == RtmpFailure.Tls ? "set the trust of this push" : null,
        };
        await using var push = new PushHarness(camera, options);

        Assert.True(await push.WaitForAsync(PushState.Retrying, TimeSpan.FromSeconds(15)), $"{push.Current}\n{push.Logs.Text}");

        output.WriteLine(push.Current!.Detail);
        Assert.StartsWith("retrying in 1 s: TLS certificate of 127.0.0.1 not trusted", push.Current.Detail, StringComparison.Ordinal);
        Assert.EndsWith("; set the trust of this push", push.Current.Detail, StringComparison.Ordinal);
        Assert.Contains("fingerprint; set the trust of this push", push.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(StreamName, push.Logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongFingerprint_IsRefused_EvenForATrustedCertificate()
    {
        using var certificates = TestCertificates.Create();
        await using var setup = await TlsSetup.StartAsync(certificates);
        var wrong = new string('A', 64);

        var e = await Assert.ThrowsAsync<RtmpException>(() => RtmpPublisher.PublishAsync(
            Options(setup.RtmpsUrl(StreamName)) with { TlsCaFile = certificates.CaPemFile, TlsFingerprint = wrong }));

        Assert.Equal(RtmpFailure.Tls, e.Failure);
        Assert.Contains("is not the pinned one", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateForAnotherName_IsRefused_EvenWithItsCaTrusted()
    {
        using var certificates = TestCertificates.Create(dnsNames: ["ingest.example.test"], ipAddresses: []);
        await using var setup = await TlsSetup.StartAsync(certificates);

        var e = await Assert.ThrowsAsync<RtmpException>(() => RtmpPublisher.PublishAsync(
            Options(setup.RtmpsUrl(StreamName)) with { TlsCaFile = certificates.CaPemFile }));

        Assert.Equal(RtmpFailure.Tls, e.Failure);
        Assert.Contains("it is for ingest.example.test, not for 127.0.0.1", e.Message, StringComparison.Ordinal);
    }

    private static RtmpPublisherOptions Options(string url) => RtmpPublisherTests.Options(RtmpPublisherTests.Url(url));

    /// <summary>nginx-rtmp with stunnel in front, presenting the test's server certificate.</summary>
    private sealed class TlsSetup : IAsyncDisposable
    {
        private TlsSetup(NginxRtmpServer nginx, StunnelTlsTerminator stunnel)
        {
            Nginx = nginx;
            Stunnel = stunnel;
        }

        public NginxRtmpServer Nginx { get; }

        public StunnelTlsTerminator Stunnel { get; }

        public static async Task<TlsSetup> StartAsync(TestCertificates certificates)
        {
            var nginx = await NginxRtmpServer.StartAsync();
            try
            {
                var stunnel = await StunnelTlsTerminator.StartAsync(nginx.Port, certificates.ServerCertificatePemFile, certificates.ServerKeyPemFile);
                return new TlsSetup(nginx, stunnel);
            }
            catch
            {
                nginx.Dispose();
                throw;
            }
        }

        public string RtmpsUrl(string key) => $"rtmps://127.0.0.1:{Stunnel.Port}/live/{key}";

        public ValueTask DisposeAsync()
        {
            Stunnel.Dispose();
            Nginx.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

using Edge.Config;
using Edge.Push;
using Edge.Rtmp;
using Edge.Rtmp.Client;

namespace Edge.Tests.Push;

public sealed class PushConfigMappingTests
{
    private const string Key = "xxxx-yyyy-zzzz";

    private static PushConfig Push(string url, PushAudio audio = PushAudio.None, string? caFile = null, string? fingerprint = null)
    {
        Assert.True(PushUrl.TryParse(url, out var parsed, out var error), error);
        return new PushConfig { Camera = "front", Url = parsed, Audio = audio, TlsCaFile = caFile, TlsFingerprint = fingerprint };
    }

    [Fact]
    public void PushName_IsCameraAndUrlWithoutTheKey()
    {
        Assert.Equal("front→rtmps://a.rtmps.youtube.com:443/live2", PushConfigMapping.NameOf(Push($"rtmps://a.rtmps.youtube.com/live2/{Key}")));
    }

    [Fact]
    public void Options_CarryTheUrlTlsAudioAndTheCamerasMetadata()
    {
        var push = Push($"rtmps://host/app/inst/{Key}?t=1", PushAudio.Silent, "/etc/edge/ca.pem", "AB");
        var camera = new CameraConfig { Name = "front", Width = 1920, Height = 1080, Fps = 25, Encoder = new EncoderConfig { BitrateKbps = 4000 } };

        var options = PushConfigMapping.ToOptions(push, camera, "/etc/edge/edge.toml");

        options.Validate();
        var publisher = options.Publisher;
        Assert.Equal("front→rtmps://host:443/app/inst", options.Name);
        Assert.Equal((true, "host", 443, "app/inst", $"{Key}?t=1"), (publisher.Url.IsTls, publisher.Url.Host, publisher.Url.Port, publisher.Url.App, publisher.Url.StreamKey));
        Assert.Equal(RtmpAudio.Silent, publisher.Audio);
        Assert.Equal(("/etc/edge/ca.pem", "AB"), (publisher.TlsCaFile, publisher.TlsFingerprint));
        Assert.Equal((1920, 1080, 25.0, 4000), (publisher.Width, publisher.Height, publisher.FrameRate, publisher.VideoBitrateKbps));
        Assert.DoesNotContain(Key, options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUntrustedCertificate_IsFixedWithTheTlsKeys_OfThisEntry_InThisFile()
    {
        var options = PushConfigMapping.ToOptions(Push($"rtmps://host/live/{Key}"), new CameraConfig { Name = "front" }, "/etc/edge/edge.toml");

        var remedy = options.Remedy!(RtmpFailure.Tls);

        Assert.Equal(
            "for your own server, set tls_ca_file to its CA's PEM file, or tls_fingerprint to its certificate's SHA-256 fingerprint, in this [[push]] (camera \"front\") in /etc/edge/edge.toml",
            remedy);
    }

    [Fact]
    public void WithTrustAlreadySet_TheRemedyPointsAtIt()
    {
        var push = Push($"rtmps://host/live/{Key}", caFile: "/etc/edge/ca.pem");

        Assert.Equal("see tls_ca_file and tls_fingerprint of this [[push]] (camera \"front\")", PushConfigMapping.Remedy(RtmpFailure.Configuration, push, configFile: null));
        Assert.Equal("see tls_ca_file and tls_fingerprint of this [[push]] (camera \"front\")", PushConfigMapping.Remedy(RtmpFailure.Tls, push, configFile: null));
    }

    [Theory]
    [InlineData(RtmpFailure.Unreachable)]
    [InlineData(RtmpFailure.Closed)]
    [InlineData(RtmpFailure.Rejected)]
    public void FailuresNoSettingFixes_HaveNoRemedy(RtmpFailure failure)
    {
        Assert.Null(PushConfigMapping.Remedy(failure, Push($"rtmp://host/live/{Key}"), "/etc/edge/edge.toml"));
    }
}

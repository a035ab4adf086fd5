using Edge.Rtmp.Client;
using Edge.Rtmp.Tests.Support;

namespace Edge.Rtmp.Tests.Client;

/// <summary>Keeping the stream key out of text, naming pushes, and reading the TLS trust settings.</summary>
public sealed class RedactionAndTrustTests
{
    [Fact]
    public void Scrub_RemovesTheKey_ItsNameWithoutQuery_AndLongQueryValues()
    {
        var url = RtmpPublisherTests.Url("rtmp://host/live/abcd-efgh-1234?token=zyx987&x=1");

        var scrubbed = StreamKeyRedaction.Scrub(
            "stream abcd-efgh-1234?token=zyx987&x=1 refused; name abcd-efgh-1234 busy; token zyx987 expired; x=1 kept", url);

        Assert.Equal("stream **** refused; name **** busy; token **** expired; x=1 kept", scrubbed);
    }

    [Fact]
    public void Options_NeverPrintTheStreamKey()
    {
        var push = PushHarness.Config("rtmps://a.rtmps.youtube.com/live2/xxxx-yyyy-zzzz");

        Assert.Equal("rtmps://a.rtmps.youtube.com:443/live2/****", push.Publisher.Url.ToString());
        Assert.DoesNotContain("xxxx-yyyy-zzzz", push.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("xxxx-yyyy-zzzz", push.Publisher.ToString(), StringComparison.Ordinal);
        Assert.Contains("rtmps://a.rtmps.youtube.com:443/live2/****", push.Publisher.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Url_WithoutAStreamKey_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new RtmpUrl(false, "host", 1935, "live", " "));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtmpUrl(false, "host", 0, "live", "key"));
    }

    [Fact]
    public async Task UnusableTrustSettings_AreThePushsConfigurationError_NamingTheFile()
    {
        // The policy is built before any connection is tried: no server is needed to see this.
        var options = RtmpPublisherTests.Options(RtmpPublisherTests.Url("rtmps://127.0.0.1:1/live/key")) with { TlsCaFile = "/nonexistent/ca.pem" };

        var e = await Assert.ThrowsAsync<RtmpException>(() => RtmpPublisher.PublishAsync(options));

        Assert.Equal(RtmpFailure.Configuration, e.Failure);
        Assert.StartsWith("rtmps://127.0.0.1:1/live/****: the trusted CA file \"/nonexistent/ca.pem\" cannot be read", e.Message, StringComparison.Ordinal);
        Assert.Equal("trusted CA file unreadable", e.Detail.Split(':')[0]);
    }
}

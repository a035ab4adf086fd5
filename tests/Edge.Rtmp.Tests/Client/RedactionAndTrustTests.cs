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

    [Theory]
    [InlineData("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89", true)]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789", true)]
    [InlineData("abcdef0123456789", false)] // too short
    [InlineData("zzcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789", false)] // not hex
    public void Fingerprint_IsAcceptedWithOrWithoutColons(string text, bool valid)
    {
        var parsed = ServerCertificatePolicy.ParseFingerprint(text);

        Assert.Equal(valid, parsed is { Length: 32 });
        if (valid)
            Assert.Equal("AB:CD:EF:01", ServerCertificatePolicy.FormatFingerprint(parsed).Substring(0, 11));
    }

    [Fact]
    public void MissingCaFile_IsAConfigurationError_NamingTheFile()
    {
        var e = Assert.Throws<RtmpException>(() => ServerCertificatePolicy.Create("host", "/nonexistent/ca.pem", null, "rtmps://host:443/live/****"));

        Assert.Equal(RtmpFailure.Configuration, e.Failure);
        Assert.Contains("the trusted CA file \"/nonexistent/ca.pem\" cannot be read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CaFileWithoutACertificate_IsAConfigurationError()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a certificate\n");

            var e = Assert.Throws<RtmpException>(() => ServerCertificatePolicy.Create("host", file, null, "rtmps://host:443/live/****"));

            Assert.Contains("holds no PEM certificate", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

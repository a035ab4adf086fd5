using Edge.Config;

namespace Edge.Config.Tests.Binding;

public sealed class PushUrlTests
{
    [Theory]
    [InlineData("rtmp://a.rtmp.youtube.com/live2/abcd-efgh", false, "a.rtmp.youtube.com", 1935, "live2", "abcd-efgh")]
    [InlineData("rtmps://a.rtmps.youtube.com/live2/abcd-efgh", true, "a.rtmps.youtube.com", 443, "live2", "abcd-efgh")]
    [InlineData("rtmp://127.0.0.1:1936/app/inst/key", false, "127.0.0.1", 1936, "app/inst", "key")]
    [InlineData("rtmp://[::1]:1935/live/key?pass=x/y", false, "::1", 1935, "live", "key?pass=x/y")]
    [InlineData("rtmps://[2001:db8::1]/live/key", true, "2001:db8::1", 443, "live", "key")]
    [InlineData("RTMP://Host/live/Key", false, "Host", 1935, "live", "Key")]
    public void Parses_UrlsAsUsersWriteThem(string text, bool tls, string host, int port, string app, string key)
    {
        Assert.True(PushUrl.TryParse(text, out var url, out var error), error);

        Assert.Equal((tls, host, port, app, key), (url.IsTls, url.Host, url.Port, url.App, url.StreamKey));
    }

    [Fact]
    public void Redacted_HidesTheKey()
    {
        Assert.True(PushUrl.TryParse("rtmp://[::1]/live/SECRET?token=1", out var url, out _));

        Assert.Equal("rtmp://[::1]:1935/live/****", url.Redacted);
        Assert.Equal(url.Redacted, url.ToString());
        Assert.Equal("rtmp://[::1]:1935/live", url.TcUrl);
    }

    [Theory]
    [InlineData("rtmp://")]
    [InlineData("rtmp:///live/key")]
    [InlineData("rtmp://host")]
    [InlineData("rtmp://host/")]
    [InlineData("rtmp://host/live/")]
    [InlineData("rtmp://host:0/live/key")]
    [InlineData("rtmp://host:abc/live/key")]
    [InlineData("rtmp://[::1/live/key")]
    [InlineData("rtmp://host/live/key with space")]
    [InlineData("srt://host/live/key")]
    [InlineData("host/live/key")]
    public void Rejects_MalformedUrls(string text)
    {
        Assert.False(PushUrl.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }
}

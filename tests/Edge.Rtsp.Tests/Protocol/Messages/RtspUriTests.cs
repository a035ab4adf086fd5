using Edge.Rtsp.Protocol.Messages;

namespace Edge.Rtsp.Tests.Protocol.Messages;

public sealed class RtspUriTests
{
    [Theory]
    [InlineData("rtsp://host:8554/cam", "cam", null)]
    [InlineData("rtsp://host/cam/", "cam", null)]
    [InlineData("rtsp://user@host/cam/trackID=0", "cam", "trackID=0")]
    [InlineData("rtsp://user:pa%40ss@host:8554/cam/trackID=0", "cam", "trackID=0")]
    [InlineData("RTSP://HOST/cam", "cam", null)]
    [InlineData("rtsps://host/cam", "cam", null)]
    [InlineData("rtsp://[fd00::1]:8554/cam", "cam", null)]
    [InlineData("/cam", "cam", null)]
    [InlineData("cam", "cam", null)]
    [InlineData("cam/trackID=0", "cam", "trackID=0")]
    [InlineData("rtsp://host/cam?token=1", "cam", null)]
    [InlineData("rtsp://host/cam/trackID=0?x=1#frag", "cam", "trackID=0")]
    [InlineData("rtsp://host//cam//", "cam", null)]
    [InlineData("rtsp://host/my%20cam", "my cam", null)]
    [InlineData("rtsp://host/caf%C3%A9", "café", null)]
    [InlineData("rtsp://host/live/cam", "live/cam", null)]
    [InlineData("rtsp://host/live/cam/TRACKID=1", "live/cam", "TRACKID=1")]
    [InlineData("*", "", null)]
    [InlineData("rtsp://host:8554", "", null)]
    [InlineData("rtsp://host/", "", null)]
    [InlineData("rtsp://host/trackID=0", "", "trackID=0")]
    public void Finds_stream_and_track(string uri, string stream, string? track)
    {
        Assert.True(RtspUri.TryGetStreamPath(uri, out var streamName, out var trackControl));

        Assert.Equal(stream, streamName);
        Assert.Equal(track, trackControl);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://host/cam")]
    [InlineData("rtsp:///cam")]
    [InlineData("rtsp://host/cam%")]
    [InlineData("rtsp://host/cam%2")]
    [InlineData("rtsp://host/cam%zz")]
    [InlineData("rtsp://host/cam%00")]
    [InlineData("rtsp://host/cam%FF")]
    [InlineData("rtsp://host/../etc")]
    [InlineData("rtsp://host/./cam")]
    [InlineData("rtsp://ho st/cam")]
    public void Rejects_malformed_uris(string uri)
    {
        Assert.False(RtspUri.TryGetStreamPath(uri, out _, out _));
    }

    [Theory]
    [InlineData("rtsp://admin:secret@10.0.0.2:8554/front", "rtsp://***@10.0.0.2:8554/front")]
    [InlineData("rtsp://a@b@host/x?y@z", "rtsp://***@host/x?y@z")]
    [InlineData("rtsp://host/cam@x", "rtsp://host/cam@x")]
    [InlineData("/cam", "/cam")]
    public void Redacts_user_info(string uri, string expected)
    {
        Assert.Equal(expected, RtspUri.RedactUserInfo(uri));
    }

    [Fact]
    public void Never_throws_on_random_text()
    {
        var random = new Random(23);
        const string alphabet = "rtsp:/@%0123456789abcdefABCDEF?#.*[]";
        for (var i = 0; i < 50_000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var c = 0; c < chars.Length; c++)
                chars[c] = random.Next(8) == 0 ? (char)random.Next(0, 0xFFFF) : alphabet[random.Next(alphabet.Length)];
            var text = new string(chars);
            RtspUri.TryGetStreamPath(text, out _, out _);
            RtspUri.RedactUserInfo(text);
        }
    }
}

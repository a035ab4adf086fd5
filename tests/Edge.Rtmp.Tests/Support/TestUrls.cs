namespace Edge.Rtmp.Tests.Support;

/// <summary>
/// The tests write publish URLs as text, as users do; this splits them into an <see cref="RtmpUrl"/>
/// (the host's config parser does that for the daemon; these URLs are always well-formed).
/// </summary>
internal static class TestUrls
{
    public static RtmpUrl Parse(string text)
    {
        var isTls = text.StartsWith("rtmps://", StringComparison.Ordinal);
        Assert.True(isTls || text.StartsWith("rtmp://", StringComparison.Ordinal), $"not an RTMP URL: {text}");
        var rest = text[(isTls ? "rtmps://".Length : "rtmp://".Length)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = rest[..slash];
        var path = rest[(slash + 1)..];
        var colon = authority.LastIndexOf(':');
        var host = colon < 0 || authority.EndsWith(']') ? authority : authority[..colon];
        var port = colon < 0 || authority.EndsWith(']') ? (isTls ? 443 : 1935) : int.Parse(authority[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var pathPart = query < 0 ? path : path[..query];
        var lastSlash = pathPart.LastIndexOf('/');
        return new RtmpUrl(isTls, host.Trim('[', ']'), port, pathPart[..lastSlash], path[(lastSlash + 1)..]);
    }
}

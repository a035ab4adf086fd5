using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Edge.Config;

/// <summary>
/// An RTMP(S) publish URL as users paste it from their streaming platform:
/// <c>rtmp[s]://host[:port]/app[/instance]/streamkey[?query]</c>.
/// </summary>
/// <remarks>
/// The last path segment (with any query string) is the stream key; everything between the
/// host and it is the application, which may itself hold a slash (<c>app/instance</c>). The
/// stream key is a credential: <see cref="ToString"/> and <see cref="Redacted"/> hide it, and
/// only <see cref="StreamKey"/> gives it out, for the publish command itself.
/// </remarks>
public sealed class PushUrl
{
    private PushUrl(bool isTls, string host, int port, string app, string streamKey)
    {
        IsTls = isTls;
        Host = host;
        Port = port;
        App = app;
        StreamKey = streamKey;
    }

    /// <summary>True for <c>rtmps://</c>.</summary>
    public bool IsTls { get; }

    /// <summary>Host name or IP literal (IPv6 without brackets).</summary>
    public string Host { get; }

    public int Port { get; }

    /// <summary>The RTMP application, e.g. <c>live2</c> or <c>app/instance</c>.</summary>
    public string App { get; }

    /// <summary>The stream key (the secret), with its query string if any.</summary>
    public string StreamKey { get; }

    /// <summary>The <c>tcUrl</c> sent in <c>connect</c>: the URL without the stream key.</summary>
    public string TcUrl => $"{(IsTls ? "rtmps" : "rtmp")}://{HostForUrl}:{Port.ToString(CultureInfo.InvariantCulture)}/{App}";

    /// <summary>The URL with the stream key replaced by asterisks, for logs and errors.</summary>
    public string Redacted => $"{TcUrl}/****";

    private string HostForUrl => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;

    public override string ToString() => Redacted;

    /// <summary>
    /// Parses a publish URL. The error never repeats the stream key: it describes the problem
    /// in terms of the URL's shape.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out PushUrl? url, out string error)
    {
        url = null;
        if (!UrlAuthority.TrySplitScheme(text, "rtmp", "rtmps", "rtmp://host/app/streamkey", out var isTls, out var rest, out error))
            return false;

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[(slash + 1)..];
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            error = "must not carry a user name or password before the host; put credentials in the stream key as the platform says";
            return false;
        }

        if (!UrlAuthority.TrySplit(authority, isTls ? 443 : 1935, out var host, out var port, out error))
            return false;

        // The key is the last segment of the path before any query string; the query belongs to the key.
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var pathPart = query < 0 ? path : path[..query];
        var queryPart = query < 0 ? "" : path[query..];
        var lastSlash = pathPart.LastIndexOf('/');
        if (lastSlash <= 0)
        {
            error = "must name an application and a stream key: rtmp://host/app/streamkey";
            return false;
        }
        var app = pathPart[..lastSlash].Trim('/');
        var key = pathPart[(lastSlash + 1)..] + queryPart;
        if (app.Length == 0 || key.Length == 0 || key[0] == '?')
        {
            error = "must name an application and a stream key: rtmp://host/app/streamkey";
            return false;
        }
        if (text.Any(char.IsWhiteSpace))
        {
            error = "must not contain spaces";
            return false;
        }

        url = new PushUrl(isTls, host, port, app, key);
        error = "";
        return true;
    }
}

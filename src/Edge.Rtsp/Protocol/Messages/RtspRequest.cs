using System.Globalization;

namespace Edge.Rtsp.Protocol.Messages;

/// <summary>One RTSP request, as <see cref="RtspRequestParser"/> read it.</summary>
public sealed class RtspRequest
{
    /// <summary>Creates a request from its parts; <see cref="CSeq"/> and <see cref="Session"/> come from the headers.</summary>
    public RtspRequest(string methodText, string uri, string version, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body = default)
    {
        ArgumentNullException.ThrowIfNull(methodText);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(headers);
        MethodText = methodText;
        Method = RtspMethods.Parse(methodText);
        Uri = uri;
        Version = version;
        Headers = headers;
        Body = body;
        CSeq = ParseCSeq(GetHeader(RtspHeaderNames.CSeq));
        Session = ParseSessionId(GetHeader(RtspHeaderNames.Session));
    }

    /// <summary>The method, or <see cref="RtspMethod.Unknown"/> (see <see cref="MethodText"/>).</summary>
    public RtspMethod Method { get; }

    /// <summary>The method as sent, e.g. <c>GET_PARAMETER</c>.</summary>
    public string MethodText { get; }

    /// <summary>The request URI as sent: absolute (<c>rtsp://host/cam</c>), a path, or <c>*</c>.</summary>
    public string Uri { get; }

    /// <summary>The protocol version as sent, e.g. <c>RTSP/1.0</c>.</summary>
    public string Version { get; }

    /// <summary>The <c>CSeq</c> header, or -1 when it is missing or not a non-negative integer.</summary>
    public int CSeq { get; }

    /// <summary>The session id of the <c>Session</c> header, without its parameters (<c>;timeout=</c>), or null.</summary>
    public string? Session { get; }

    /// <summary>Every header in the order received; names as sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body (<c>Content-Length</c> bytes), usually empty.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The value of the first header named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? GetHeader(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < Headers.Count; i++)
        {
            if (string.Equals(Headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
                return Headers[i].Value;
        }

        return null;
    }

    /// <summary>Method, URI (credentials removed) and CSeq, for logs.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{MethodText} {RtspUri.RedactUserInfo(Uri)} CSeq {CSeq}");

    private static int ParseCSeq(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var cseq) ? cseq : -1;

    private static string? ParseSessionId(string? value)
    {
        if (value is null)
            return null;
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var id = (semicolon < 0 ? value : value[..semicolon]).Trim();
        return id.Length == 0 ? null : id;
    }
}

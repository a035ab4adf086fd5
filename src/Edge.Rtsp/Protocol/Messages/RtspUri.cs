using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Edge.Rtsp.Protocol.Messages;

/// <summary>Reads the stream and track a request URI names (RFC 2326 3.2, RFC 7826 18.2).</summary>
public static class RtspUri
{
    /// <summary>The form of the per-track control URL Edge announces in its SDP (<c>trackID=0</c>).</summary>
    public const string TrackControlPrefix = "trackID=";

    private const int MaxUriLength = 4096;

    /// <summary>
    /// Splits a request URI into the stream name (the path, without leading or trailing slashes, percent-decoded)
    /// and the track control (a last path segment of the form <c>trackID=N</c>), ignoring scheme, user info,
    /// host, port, query and fragment.
    /// </summary>
    /// <example>
    /// <c>rtsp://user@host:8554/front/trackID=0?x=1</c> → <c>front</c>, <c>trackID=0</c>;
    /// <c>/front</c> and <c>front/</c> → <c>front</c>, null; <c>*</c> and <c>rtsp://host</c> → empty name.
    /// </example>
    /// <returns>
    /// False when the URI is malformed: another scheme than <c>rtsp</c>, <c>rtsps</c> or <c>rtspu</c>,
    /// bad percent-encoding, control characters, or <c>.</c>/<c>..</c> segments. The stream name
    /// may be empty on success (<c>OPTIONS *</c>, a URI without a path).
    /// </returns>
    public static bool TryGetStreamPath(string uri, out string streamName, out string? trackControl)
    {
        streamName = "";
        trackControl = null;
        if (string.IsNullOrEmpty(uri) || uri.Length > MaxUriLength)
            return false;
        if (uri == "*")
            return true;

        var text = uri.AsSpan();
        var end = text.IndexOfAny('?', '#');
        if (end >= 0)
            text = text[..end];

        ReadOnlySpan<char> path;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            var scheme = text[..schemeEnd];
            if (!scheme.Equals("rtsp", StringComparison.OrdinalIgnoreCase)
                && !scheme.Equals("rtsps", StringComparison.OrdinalIgnoreCase)
                && !scheme.Equals("rtspu", StringComparison.OrdinalIgnoreCase))
                return false;
            var afterScheme = text[(schemeEnd + 3)..];
            var slash = afterScheme.IndexOf('/');
            var authority = slash < 0 ? afterScheme : afterScheme[..slash];
            if (authority.IsEmpty || ContainsControlOrSpace(authority))
                return false;
            path = slash < 0 ? default : afterScheme[slash..];
        }
        else
        {
            path = text;
        }

        var name = new StringBuilder(path.Length);
        string? lastSegment = null;
        foreach (var range in path.Split('/'))
        {
            var raw = path[range];
            if (raw.IsEmpty)
                continue;
            if (!TryDecodeSegment(raw, out var segment) || segment is "." or "..")
                return false;
            if (lastSegment is not null)
            {
                if (name.Length > 0)
                    name.Append('/');
                name.Append(lastSegment);
            }

            lastSegment = segment;
        }

        if (lastSegment is not null)
        {
            if (lastSegment.StartsWith(TrackControlPrefix, StringComparison.OrdinalIgnoreCase))
            {
                trackControl = lastSegment;
            }
            else
            {
                if (name.Length > 0)
                    name.Append('/');
                name.Append(lastSegment);
            }
        }

        streamName = name.ToString();
        return true;
    }

    /// <summary>
    /// <paramref name="uri"/> with any user name and password replaced by <c>***</c>, for logs
    /// (some clients send <c>rtsp://user:password@host/…</c> as the request URI).
    /// </summary>
    public static string RedactUserInfo(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
            return uri;
        var authorityStart = schemeEnd + 3;
        var authorityEnd = uri.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
            authorityEnd = uri.Length;
        var at = uri.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        return at < 0 ? uri : string.Concat(uri.AsSpan(0, authorityStart), "***", uri.AsSpan(at));
    }

    private static bool TryDecodeSegment(ReadOnlySpan<char> raw, out string segment)
    {
        segment = "";
        if (raw.IndexOf('%') < 0)
        {
            if (ContainsControlOrSpace(raw))
                return false;
            segment = raw.ToString();
            return true;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(raw.Length));
        try
        {
            var length = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var c = raw[i];
                if (c == '%')
                {
                    if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
                        return false;
                    bytes[length++] = (byte)((HexValue(raw[i + 1]) * 16) + HexValue(raw[i + 2]));
                    i += 2;
                }
                else if (char.IsAscii(c))
                {
                    bytes[length++] = (byte)c;
                }
                else
                {
                    var count = Encoding.UTF8.GetBytes(raw.Slice(i, char.IsHighSurrogate(c) && i + 1 < raw.Length ? 2 : 1), bytes.AsSpan(length));
                    length += count;
                    if (char.IsHighSurrogate(c))
                        i++;
                }
            }

            var decoded = bytes.AsSpan(0, length);
            if (!Utf8.IsValid(decoded))
                return false;
            segment = Encoding.UTF8.GetString(decoded);
            return !ContainsControl(segment); // a percent-encoded space is fine: "my%20cam"
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static bool ContainsControlOrSpace(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c <= ' ' || c == '\u007F')
                return true;
        }

        return false;
    }

    private static bool ContainsControl(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
                return true;
        }

        return false;
    }
}

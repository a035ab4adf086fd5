using System.Globalization;

namespace Edge.Config;

/// <summary>The parts every URL in the config shares (RTMP pushes, the MQTT broker): a plain or TLS scheme, then <c>host[:port]</c>.</summary>
internal static class UrlAuthority
{
    /// <summary>
    /// Takes <paramref name="plain"/>:// or <paramref name="tls"/>:// (any case) off the front of
    /// <paramref name="text"/>; otherwise an error naming both and <paramref name="example"/>.
    /// </summary>
    public static bool TrySplitScheme(string text, string plain, string tls, string example, out bool isTls, out string rest, out string error)
    {
        error = "";
        isTls = text.StartsWith(tls + "://", StringComparison.OrdinalIgnoreCase);
        if (isTls || text.StartsWith(plain + "://", StringComparison.OrdinalIgnoreCase))
        {
            rest = text[((isTls ? tls : plain).Length + 3)..];
            return true;
        }
        rest = "";
        var scheme = text.IndexOf("://", StringComparison.Ordinal) is var at and > 0 ? text[..at] : "";
        error = scheme.Length > 0
            ? $"must start with {plain}:// or {tls}://, not {scheme}://"
            : $"must be an {plain}:// or {tls}:// URL, like {example}"; // "an": both schemes (rtmp, mqtt) are read letter by letter
        return false;
    }

    /// <summary>
    /// Splits <paramref name="authority"/> into a host (an IPv6 literal without its brackets) and
    /// a port, <paramref name="defaultPort"/> when none is written. The error describes the shape,
    /// never quoting the text, which may sit next to a secret.
    /// </summary>
    public static bool TrySplit(string authority, int defaultPort, out string host, out int port, out string error)
    {
        host = authority;
        port = defaultPort;
        string? portText = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = "has an IPv6 address without its closing ']'";
                return false;
            }
            host = authority[1..close];
            var after = authority[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    error = "has text after the IPv6 address that is not :port";
                    return false;
                }
                portText = after[1..];
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            if (colon >= 0)
            {
                host = authority[..colon];
                portText = authority[(colon + 1)..];
            }
        }

        if (host.Length == 0)
        {
            error = "has no host name";
            return false;
        }
        if (portText is not null &&
            (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = "has a port that is not a number from 1 to 65535";
            return false;
        }
        error = "";
        return true;
    }
}

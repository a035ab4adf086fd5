using System.Globalization;
using System.Text;

namespace Edge.Rtsp.Protocol.Messages;

/// <summary>Reads and writes the <c>Transport</c> header (RFC 2326 12.39, RFC 7826 18.54).</summary>
public static class TransportHeader
{
    private const int MaxAlternatives = 16;
    private const int MaxParameters = 32;

    /// <summary>
    /// Parses the comma-separated alternatives of a <c>Transport</c> header, in the client's order of
    /// preference. An alternative with a malformed parameter is left out; the header is rejected only
    /// when no alternative is left. Never throws.
    /// </summary>
    /// <param name="header">The header value.</param>
    /// <param name="alternatives">The alternatives that parsed (empty on failure).</param>
    /// <param name="error">Why the header was rejected, or why an alternative was left out ("" when all parsed).</param>
    public static bool TryParse(string header, out IReadOnlyList<TransportSpec> alternatives, out string error)
    {
        alternatives = [];
        error = "";
        if (string.IsNullOrWhiteSpace(header))
        {
            error = "empty Transport header";
            return false;
        }

        var parsed = new List<TransportSpec>();
        var text = header.AsSpan();
        var count = 0;
        while (!text.IsEmpty)
        {
            var item = TakeUntilUnquoted(ref text, ',').Trim();
            if (item.IsEmpty)
                continue;
            if (++count > MaxAlternatives)
            {
                error = "too many Transport alternatives";
                break;
            }

            if (TryParseSpec(item, out var spec, out var reason))
                parsed.Add(spec);
            else
                error = reason;
        }

        if (parsed.Count == 0)
        {
            if (error.Length == 0)
                error = "empty Transport header";
            return false;
        }

        alternatives = parsed;
        return true;
    }

    /// <summary>Writes <paramref name="spec"/> as a header value, e.g. <c>RTP/AVP;unicast;client_port=5000-5001;server_port=8000-8001;ssrc=0A1B2C3D</c>.</summary>
    public static string Format(TransportSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder(128);
        text.Append(spec.Profile);
        text.Append(spec.IsMulticast ? ";multicast" : ";unicast");
        if (spec.Destination is not null)
            text.Append(";destination=").Append(spec.Destination);
        if (spec.Source is not null)
            text.Append(";source=").Append(spec.Source);
        AppendPair(text, "interleaved", spec.Interleaved);
        AppendPair(text, "client_port", spec.ClientPorts);
        AppendPair(text, "server_port", spec.ServerPorts);
        AppendPair(text, "port", spec.Port);
        if (spec.Ttl is { } ttl)
            text.Append(invariant, $";ttl={ttl}");
        if (spec.Ssrc is { } ssrc)
            text.Append(invariant, $";ssrc={ssrc:X8}");
        if (spec.Mode is not null)
            text.Append(";mode=\"").Append(spec.Mode).Append('"');
        return text.ToString();
    }

    private static void AppendPair(StringBuilder text, string name, (int First, int Second)? pair)
    {
        if (pair is not { } value)
            return;
        text.Append(';').Append(name).Append('=').Append(value.First.ToString(CultureInfo.InvariantCulture))
            .Append('-').Append(value.Second.ToString(CultureInfo.InvariantCulture));
    }

    private static bool TryParseSpec(ReadOnlySpan<char> item, out TransportSpec spec, out string error)
    {
        spec = new TransportSpec();
        error = "";
        var profile = TakeUntilUnquoted(ref item, ';').Trim();
        if (profile.IsEmpty || !IsToken(profile, allowSlash: true))
            return Reject("malformed transport protocol", out error);

        var result = new TransportSpec { Profile = profile.ToString().ToUpperInvariant() };
        List<KeyValuePair<string, string?>>? others = null;
        var count = 0;
        while (!item.IsEmpty)
        {
            var parameter = TakeUntilUnquoted(ref item, ';').Trim();
            if (parameter.IsEmpty)
                continue;
            if (++count > MaxParameters)
                return Reject("too many Transport parameters", out error);

            var equals = parameter.IndexOf('=');
            var name = (equals < 0 ? parameter : parameter[..equals]).Trim();
            var value = equals < 0 ? default : Unquote(parameter[(equals + 1)..].Trim());
            if (!IsToken(name, allowSlash: false))
                return Reject("malformed Transport parameter", out error);

            switch (name.ToString().ToLowerInvariant())
            {
                case "unicast":
                    result = result with { IsMulticast = false };
                    break;
                case "multicast":
                    result = result with { IsMulticast = true };
                    break;
                case "interleaved":
                    if (!TryParsePair(value, 255, out var channels))
                        return Reject("malformed interleaved channels", out error);
                    result = result with { Interleaved = channels };
                    break;
                case "client_port":
                    if (!TryParsePair(value, 65535, out var clientPorts))
                        return Reject("malformed client_port", out error);
                    result = result with { ClientPorts = clientPorts };
                    break;
                case "server_port":
                    if (!TryParsePair(value, 65535, out var serverPorts))
                        return Reject("malformed server_port", out error);
                    result = result with { ServerPorts = serverPorts };
                    break;
                case "port":
                    if (!TryParsePair(value, 65535, out var ports))
                        return Reject("malformed port", out error);
                    result = result with { Port = ports };
                    break;
                case "ttl":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl > 255)
                        return Reject("malformed ttl", out error);
                    result = result with { Ttl = ttl };
                    break;
                case "ssrc":
                    if (value.IsEmpty || value.Length > 8 || !uint.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var ssrc))
                        return Reject("malformed ssrc", out error);
                    result = result with { Ssrc = ssrc };
                    break;
                case "mode":
                    if (value.IsEmpty || !IsToken(value, allowSlash: false))
                        return Reject("malformed mode", out error);
                    result = result with { Mode = value.ToString().ToUpperInvariant() };
                    break;
                case "destination":
                    if (!IsAddress(value))
                        return Reject("malformed destination", out error);
                    result = result with { Destination = value.IsEmpty ? null : value.ToString() };
                    break;
                case "source":
                    if (value.IsEmpty || !IsAddress(value))
                        return Reject("malformed source", out error);
                    result = result with { Source = value.ToString() };
                    break;
                default:
                    others ??= [];
                    others.Add(new(name.ToString(), equals < 0 ? null : value.ToString()));
                    break;
            }
        }

        spec = others is null ? result : result with { OtherParameters = others };
        return true;
    }

    /// <summary><c>n</c> or <c>n-m</c>; a single number means the pair <c>n, n+1</c>.</summary>
    private static bool TryParsePair(ReadOnlySpan<char> value, int max, out (int, int) pair)
    {
        pair = default;
        var dash = value.IndexOf('-');
        var firstText = dash < 0 ? value : value[..dash];
        if (!int.TryParse(firstText, NumberStyles.None, CultureInfo.InvariantCulture, out var first) || first > max)
            return false;
        int second;
        if (dash < 0)
        {
            second = first + 1;
            if (second > max)
                return false;
        }
        else if (!int.TryParse(value[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out second) || second > max)
        {
            return false;
        }

        pair = (first, second);
        return true;
    }

    /// <summary>Takes text up to the next <paramref name="separator"/> outside double quotes off <paramref name="text"/>.</summary>
    private static ReadOnlySpan<char> TakeUntilUnquoted(ref ReadOnlySpan<char> text, char separator)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == separator && !quoted)
            {
                var taken = text[..i];
                text = text[(i + 1)..];
                return taken;
            }
        }

        var all = text;
        text = default;
        return all;
    }

    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private static bool IsToken(ReadOnlySpan<char> text, bool allowSlash)
    {
        if (text.IsEmpty)
            return false;
        foreach (var c in text)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '+' or '!' or '~' or '*' || (allowSlash && c == '/');
            if (!ok)
                return false;
        }

        return true;
    }

    /// <summary>A host, IPv4/IPv6 address, optionally with a port (RFC 7826 quotes them): no spaces, quotes or separators.</summary>
    private static bool IsAddress(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c <= ' ' || c >= '\u007F' || c is '"' or ';' or ',')
                return false;
        }

        return true;
    }

    private static bool Reject(string reason, out string error)
    {
        error = reason;
        return false;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Edge.Config;

/// <summary>A <c>host:port</c> to listen on; IPv6 literals are written in brackets (<c>[::]:8554</c>).</summary>
public sealed record ListenEndpoint(string Host, int Port)
{
    /// <summary>The address to bind: a literal, or any-address for <c>0.0.0.0</c>/<c>*</c>/empty host.</summary>
    public IPAddress ToIPAddress() =>
        Host is "" or "*" ? IPAddress.Any : IPAddress.TryParse(Host, out var address) ? address : IPAddress.Loopback;

    /// <summary>True when only this machine can connect (127.0.0.0/8, ::1).</summary>
    public bool IsLoopback => IPAddress.IsLoopback(ToIPAddress());

    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Parses <c>host:port</c>; the host must be an IP literal, <c>localhost</c> or <c>*</c>.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ListenEndpoint? endpoint, out string error)
    {
        endpoint = null;
        string host;
        string portText;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                error = "an IPv6 address must be written as [address]:port";
                return false;
            }
            host = text[1..close];
            portText = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                error = "must be host:port, for example 0.0.0.0:8554";
                return false;
            }
            host = text[..colon];
            portText = text[(colon + 1)..];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                error = "an IPv6 address must be written as [address]:port";
                return false;
            }
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"the port must be a number from 1 to 65535, got \"{portText}\"";
            return false;
        }
        if (host == "localhost")
            host = "127.0.0.1";
        if (host is not ("" or "*") && !IPAddress.TryParse(host, out _))
        {
            error = $"the host must be an IP address (0.0.0.0 for every interface), got \"{host}\"";
            return false;
        }
        endpoint = new ListenEndpoint(host, port);
        error = "";
        return true;
    }
}

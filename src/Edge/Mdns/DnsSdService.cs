using System.Text;

namespace Edge.Mdns;

/// <summary>
/// One DNS-SD service edge announces: a camera's RTSP stream or the status page.
/// </summary>
/// <param name="Title">What the instance name starts with ("Edge front"); the host name follows.</param>
/// <param name="Type">The DNS-SD service type, <c>_rtsp._tcp</c>, <c>_http._tcp</c> or <c>_https._tcp</c>.</param>
/// <param name="Port">The port the server listens on.</param>
/// <param name="Path">The path on that server, announced as the TXT record <c>path=</c> (the convention of RFC 6763's HTTP and RTSP entries).</param>
internal sealed record DnsSdService(string Title, string Type, int Port, string Path)
{
    /// <summary>An instance name is one DNS label: at most 63 bytes of UTF-8 (RFC 6763, section 4.1.1).</summary>
    public const int MaxInstanceNameBytes = 63;

    /// <summary>The TXT record's one string.</summary>
    public string Txt => "path=" + Path;

    /// <summary>"Edge front on garage-pi": the name people pick from a list, cut to fit one DNS label.</summary>
    public string InstanceName(string host) => Fit($"{Title} on {host}");

    /// <summary>Cuts <paramref name="name"/> to <see cref="MaxInstanceNameBytes"/> bytes of UTF-8 without splitting a character.</summary>
    public static string Fit(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxInstanceNameBytes)
            return name;
        var fitted = new StringBuilder();
        var bytes = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > MaxInstanceNameBytes)
                break;
            fitted.Append(rune.ToString());
        }
        return fitted.ToString().TrimEnd();
    }

    public override string ToString() => $"{Type} {Port} {Txt}";
}

using System.Globalization;

namespace Edge.Rtmp;

/// <summary>
/// Where an RTMP(S) stream is published: <c>rtmp[s]://host:port/app/streamkey</c>, in its parts.
/// The stream key is a credential: <see cref="ToString"/> and <see cref="Redacted"/> hide it, and
/// only <see cref="StreamKey"/> gives it out, for the publish command itself.
/// </summary>
/// <remarks>
/// The library's own type: the host parses the text a user pastes (with the config's located
/// errors) and builds this from the parts, so this library never sees the config file.
/// </remarks>
public sealed class RtmpUrl
{
    /// <summary>Creates the URL from its parts.</summary>
    /// <param name="isTls">True for <c>rtmps://</c>.</param>
    /// <param name="host">Host name or IP literal (IPv6 without brackets).</param>
    /// <param name="port">1 to 65535.</param>
    /// <param name="app">The RTMP application, e.g. <c>live2</c> or <c>app/instance</c>.</param>
    /// <param name="streamKey">The stream key (the secret), with its query string if any.</param>
    /// <exception cref="ArgumentException">A part is empty or out of range; the message never holds the key.</exception>
    public RtmpUrl(bool isTls, string host, int port, string app, string streamKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentException.ThrowIfNullOrWhiteSpace(app);
        // Not ThrowIfNullOrWhiteSpace: its message would repeat a key made of spaces; say it in words instead.
        if (string.IsNullOrWhiteSpace(streamKey))
            throw new ArgumentException("An RTMP URL needs a stream key.", nameof(streamKey));
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
}

using Edge.Config;

namespace Edge.Rtmp.Client;

/// <summary>Where and what an <see cref="RtmpPublisher"/> publishes.</summary>
public sealed record RtmpPublisherOptions
{
    /// <summary>The server, application and stream key.</summary>
    public required PushUrl Url { get; init; }

    /// <summary>For rtmps://: a PEM file of certificates trusted in addition to the system's (<c>tls_ca_file</c>).</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>For rtmps://: the SHA-256 fingerprint the server's certificate must have (<c>tls_fingerprint</c>), "AB:CD:…" or plain hex.</summary>
    public string? TlsFingerprint { get; init; }

    /// <summary>Adds a silent AAC track (<c>audio = "silent"</c>).</summary>
    public bool SilentAudio { get; init; }

    /// <summary>For <c>onMetaData</c> until the first SPS tells the real size.</summary>
    public int Width { get; init; }

    /// <summary>For <c>onMetaData</c> until the first SPS tells the real size.</summary>
    public int Height { get; init; }

    /// <summary>For <c>onMetaData</c>.</summary>
    public double FrameRate { get; init; }

    /// <summary>For <c>onMetaData</c> (<c>videodatarate</c>, kbit/s).</summary>
    public int VideoBitrateKbps { get; init; }

    /// <summary>The <c>encoder</c> of <c>onMetaData</c>.</summary>
    public string EncoderName { get; init; } = "Edge";

    /// <summary>TCP connect, TLS and the RTMP handshake together (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the server may take to answer each command (default 10 s).</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A write that takes longer means the server stopped reading (default 10 s).</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The options of a <c>[[push]]</c> entry, with its camera's size, rate and bitrate for the metadata.</summary>
    public static RtmpPublisherOptions FromConfig(PushConfig push, CameraConfig camera)
    {
        ArgumentNullException.ThrowIfNull(push);
        ArgumentNullException.ThrowIfNull(camera);
        return new RtmpPublisherOptions
        {
            Url = push.Url,
            TlsCaFile = push.TlsCaFile,
            TlsFingerprint = push.TlsFingerprint,
            SilentAudio = push.Audio == PushAudio.Silent,
            Width = camera.Width,
            Height = camera.Height,
            FrameRate = camera.Fps,
            VideoBitrateKbps = camera.Encoder.BitrateKbps,
        };
    }
}

namespace Edge.Rtmp.Client;

/// <summary>Where and what an <see cref="RtmpPublisher"/> publishes.</summary>
public sealed record RtmpPublisherOptions
{
    /// <summary>The server, application and stream key.</summary>
    public required RtmpUrl Url { get; init; }

    /// <summary>For rtmps://: a PEM file of certificates trusted in addition to the system's.</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>For rtmps://: the SHA-256 fingerprint the server's certificate must have, "AB:CD:…" or plain hex.</summary>
    public string? TlsFingerprint { get; init; }

    /// <summary>The audio track sent with the video.</summary>
    public RtmpAudio Audio { get; init; } = RtmpAudio.None;

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

}

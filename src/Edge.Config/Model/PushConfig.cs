namespace Edge.Config;

/// <summary><c>[[push]]</c>: publish one camera to one RTMP or RTMPS server.</summary>
public sealed record PushConfig
{
    public required string Camera { get; init; }

    /// <summary>The upstream URL; its stream key is a secret and never printed.</summary>
    public required PushUrl Url { get; init; }

    public PushAudio Audio { get; init; } = PushAudio.None;

    /// <summary>An extra CA certificate (PEM) trusted for this push, for self-hosted rtmps:// servers.</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>A SHA-256 certificate fingerprint (hex) trusted for this push, instead of a CA.</summary>
    public string? TlsFingerprint { get; init; }

    public bool Enabled { get; init; } = true;
}

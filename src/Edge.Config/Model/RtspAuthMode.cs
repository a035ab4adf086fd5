namespace Edge.Config;

/// <summary>How RTSP clients must authenticate.</summary>
public enum RtspAuthMode
{
    None,
    Basic,
    Digest,
}

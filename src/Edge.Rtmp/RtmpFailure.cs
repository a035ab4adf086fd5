namespace Edge.Rtmp;

/// <summary>Why a push connection failed, for health, logs and tests.</summary>
public enum RtmpFailure
{
    Unknown,

    /// <summary>No TCP connection: refused, host not found, unreachable, or no answer in time.</summary>
    Unreachable,

    /// <summary>The server's TLS certificate was not trusted, or TLS failed.</summary>
    Tls,

    /// <summary>The server does not speak RTMP (wrong port, TLS or HTTP on the other end).</summary>
    Handshake,

    /// <summary>The server refused <c>connect</c> or <c>publish</c> (wrong app, wrong or busy stream key).</summary>
    Rejected,

    /// <summary>The server did not answer a command in time.</summary>
    Timeout,

    /// <summary>The server closed the connection, or it broke.</summary>
    Closed,

    /// <summary>The server stopped reading: a write did not complete within the write timeout.</summary>
    Stalled,

    /// <summary>The server broke the RTMP protocol.</summary>
    Protocol,

    /// <summary>The push's settings cannot work (an unreadable trusted CA file, a malformed fingerprint).</summary>
    Configuration,
}

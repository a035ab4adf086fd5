namespace Edge.Rtsp.Protocol.Auth;

/// <summary>How RTSP clients must authenticate.</summary>
public enum RtspAuthScheme
{
    /// <summary>Everyone may watch.</summary>
    None,

    /// <summary>HTTP Basic (RFC 7617): the password crosses the network in base64.</summary>
    Basic,

    /// <summary>HTTP Digest with MD5 (RFC 2617, RFC 7616).</summary>
    Digest,
}

namespace Edge.Auth;

/// <summary>The hash of a Digest exchange (RFC 7616 3.3), as named in its <c>algorithm</c> parameter.</summary>
public enum DigestAlgorithm
{
    /// <summary><c>MD5</c>: what every client speaks (RFC 2617), and all most RTSP clients do.</summary>
    Md5,

    /// <summary><c>SHA-256</c>: RFC 7616's preferred hash, spoken by curl, Firefox and Python's HTTP clients.</summary>
    Sha256,
}

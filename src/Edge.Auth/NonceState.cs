namespace Edge.Auth;

/// <summary>What <see cref="DigestNonce.Validate"/> found.</summary>
internal enum NonceState
{
    /// <summary>Issued here and fresh.</summary>
    Valid,

    /// <summary>Issued here, but too old.</summary>
    Expired,

    /// <summary>Not issued by this process (forged, garbled, or from before a restart).</summary>
    Unknown,
}

namespace Edge.Auth;

/// <summary>Which check a server's certificate failed; each has its own fix.</summary>
public enum ServerCertificateRefusal
{
    /// <summary>The server sent none.</summary>
    NoCertificate,

    /// <summary>A fingerprint is pinned and the certificate is another one.</summary>
    NotPinned,

    /// <summary>The certificate is not for the host name connected to.</summary>
    WrongName,

    /// <summary>The certificate does not chain to a trusted CA: the system's, or the trusted CA file's.</summary>
    Untrusted,
}

namespace Edge.Onvif.Soap;

/// <summary>
/// Bounds on what a SOAP request may be. A real ONVIF request is well under a kilobyte; these
/// leave room for verbose clients and nothing more, so a hostile body costs a bounded amount.
/// </summary>
public static class SoapLimits
{
    /// <summary>Largest request body read; a longer one is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Deepest element nesting accepted (an ONVIF request nests about six deep).</summary>
    public const int MaxDepth = 32;

    /// <summary>Most leaf values kept from a body; the rest are ignored.</summary>
    public const int MaxParameters = 64;

    /// <summary>Longest leaf value kept, in characters; a longer one is refused.</summary>
    public const int MaxValueLength = 1024;
}

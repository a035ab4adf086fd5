namespace Edge.Rtsp.Protocol.Messages;

/// <summary>Bounds on a request, enforced before it is parsed.</summary>
public sealed record RtspParserLimits
{
    /// <summary>The limits Edge uses: 8 KiB of request line and headers, 64 headers, 64 KiB of body.</summary>
    public static RtspParserLimits Default { get; } = new();

    /// <summary>Most bytes of request line plus headers, blank line included.</summary>
    public int MaxHeaderBytes { get; init; } = 8 * 1024;

    /// <summary>Most header lines.</summary>
    public int MaxHeaders { get; init; } = 64;

    /// <summary>Most bytes of body (<c>Content-Length</c>).</summary>
    public int MaxBodyBytes { get; init; } = 64 * 1024;
}

namespace Edge.Rtsp.Protocol.Messages;

/// <summary>What <see cref="RtspRequestParser.TryParse"/> found at the start of the buffer.</summary>
public enum RtspParseStatus
{
    /// <summary>Not a whole message yet: read more and call again.</summary>
    Incomplete,

    /// <summary>A whole request.</summary>
    Request,

    /// <summary>A whole interleaved binary frame (<c>$</c>, channel, length, data), e.g. RTCP from a TCP client.</summary>
    InterleavedFrame,

    /// <summary>Bytes that are not RTSP, or break a limit; the connection cannot be resynchronised.</summary>
    Invalid,
}

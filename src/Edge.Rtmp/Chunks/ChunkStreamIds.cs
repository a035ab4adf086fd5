namespace Edge.Rtmp.Chunks;

/// <summary>
/// The chunk streams Edge sends on. Each kind of message gets its own, so header compression
/// works (a video message usually shares its predecessor's type and stream, and the delta of its
/// timestamp) and a large video message never delays a control message behind its own chunks
/// on the same chunk stream.
/// </summary>
internal static class ChunkStreamIds
{
    /// <summary>Reserved by the protocol for protocol control messages (RTMP 1.0 section 5.4).</summary>
    public const int ProtocolControl = 2;

    /// <summary>NetConnection and NetStream commands.</summary>
    public const int Command = 3;

    public const int Audio = 4;

    /// <summary>Script data: <c>@setDataFrame</c> / <c>onMetaData</c>.</summary>
    public const int Data = 5;

    public const int Video = 6;
}

namespace Edge.Media.Mp4;

/// <summary>One message of a live fragmented MP4 stream, as a WebSocket or an HTTP body carries it.</summary>
/// <param name="Bytes">An init segment, or one <c>moof</c>+<c>mdat</c> fragment. Valid until the reader's next read.</param>
/// <param name="IsInitSegment">True for an init segment (<c>ftyp</c>+<c>moov</c>).</param>
/// <param name="CaptureTimestamp">When the picture in it (or, for an init segment, the next one) was captured, in <see cref="MediaClock"/> ticks.</param>
public readonly record struct FragmentedMp4Message(ReadOnlyMemory<byte> Bytes, bool IsInitSegment, long CaptureTimestamp);

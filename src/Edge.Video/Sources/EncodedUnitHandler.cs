using Edge.Media;

namespace Edge.Video.Sources;

/// <summary>
/// Receives one H.264 access unit (Annex B) from a source that encodes by itself, with its
/// capture time as a <see cref="MediaClock"/> timestamp. The span is valid only during the call.
/// </summary>
public delegate void EncodedUnitHandler(ReadOnlySpan<byte> annexB, long captureTimestamp);

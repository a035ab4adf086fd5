namespace Edge.Snapshots;

/// <summary>One encoded snapshot.</summary>
/// <param name="Jpeg">The JPEG file's bytes; shared read-only by every request the cache answers with it.</param>
/// <param name="Width">Its width in pixels.</param>
/// <param name="Height">Its height in pixels.</param>
/// <param name="CaptureTimestamp">When its picture was captured, in <see cref="System.Diagnostics.Stopwatch"/> ticks (the media clock).</param>
internal sealed record Snapshot(byte[] Jpeg, int Width, int Height, long CaptureTimestamp);

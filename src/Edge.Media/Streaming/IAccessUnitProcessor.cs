namespace Edge.Media.Streaming;

/// <summary>
/// Work a hub does once per published unit, on the producer thread, before any reader gets the
/// unit: a protocol makes its own form of the unit there (RTSP its RTP packets) and attaches it
/// with <see cref="AccessUnit.Attach"/>, so that every reader of that protocol sends the same
/// bytes instead of making them again.
/// </summary>
/// <remarks>
/// Registered with <see cref="StreamHub.AddProcessor"/>. It runs over the cached GOP first (in
/// order) and then over every unit published, so every unit a reader can be handed from then on
/// has been through it. Must be quick and must not block: it delays every reader of the camera.
/// </remarks>
public interface IAccessUnitProcessor
{
    /// <summary>Handles one unit; the hub holds a reference for the duration of the call.</summary>
    void Process(AccessUnit unit);
}

namespace Edge.Media.Streaming;

/// <summary>Where a new reader of a <see cref="StreamHub"/> starts.</summary>
public enum SubscriberStartMode
{
    /// <summary>
    /// With the cached group of pictures (the last IDR and every frame since), then live: the
    /// reader can show a picture at once, at the cost of starting up to one keyframe interval late.
    /// </summary>
    FromCachedGop = 0,

    /// <summary>
    /// At the next IDR, which the hub asks the encoder for (<see cref="StreamHub.KeyframeRequested"/>).
    /// Falls back to <see cref="FromCachedGop"/> when the encoder cannot force keyframes.
    /// </summary>
    NextKeyframe = 1,
}

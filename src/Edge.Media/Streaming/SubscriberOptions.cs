namespace Edge.Media.Streaming;

/// <summary>How a reader subscribes to a <see cref="StreamHub"/>.</summary>
public sealed class SubscriberOptions
{
    /// <summary>The largest <see cref="QueueCapacity"/> accepted.</summary>
    public const int MaxQueueCapacity = 10_000;

    /// <summary>The defaults: a 120-frame queue, starting from the cached GOP.</summary>
    public static SubscriberOptions Default { get; } = new();

    /// <summary>
    /// Frames the reader's queue holds before the hub starts dropping for it (default 120: four
    /// seconds at 30 fps, so a whole cached GOP at a 2 s keyframe interval fits with room to spare).
    /// The queue holds references to shared units, not copies.
    /// </summary>
    public int QueueCapacity { get; init; } = 120;

    /// <summary>Where the reader starts (default <see cref="SubscriberStartMode.FromCachedGop"/>).</summary>
    public SubscriberStartMode StartMode { get; init; } = SubscriberStartMode.FromCachedGop;

    internal void Validate()
    {
        if (QueueCapacity is < 1 or > MaxQueueCapacity)
            throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, $"A reader's queue holds 1 to {MaxQueueCapacity} frames.");
        if (!Enum.IsDefined(StartMode))
            throw new ArgumentOutOfRangeException(nameof(StartMode), StartMode, "Unknown start mode.");
    }
}

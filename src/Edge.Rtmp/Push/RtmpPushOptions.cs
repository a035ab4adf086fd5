using Edge.Media.Supervision;
using Edge.Rtmp.Client;

namespace Edge.Rtmp.Push;

/// <summary>
/// One push as an <see cref="RtmpPushWorker"/> is told it: what it is called, where it publishes
/// (<see cref="Publisher"/>: URL with its stream key, TLS trust, audio, timeouts), how it
/// reconnects, and how much it may queue. Immutable; the defaults suit a camera left alone for a
/// year. <see cref="ToString"/> never shows the stream key.
/// </summary>
public sealed record RtmpPushOptions
{
    /// <summary>1 s doubling to 60 s, ±20 %; a push that stayed live 30 s starts again from 1 s.</summary>
    public static BackoffPolicy DefaultReconnect { get; } =
        new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitter: 0.2, stableAfter: TimeSpan.FromSeconds(30));

    /// <summary>How health and logs name the push, e.g. <c>front→rtmp://host:1935/live</c>. Must not hold the stream key.</summary>
    public required string Name { get; init; }

    /// <summary>Where and what to publish.</summary>
    public required RtmpPublisherOptions Publisher { get; init; }

    /// <summary>Delays between reconnects (default <see cref="DefaultReconnect"/>).</summary>
    public BackoffPolicy Reconnect { get; init; } = DefaultReconnect;

    /// <summary>
    /// Frames queued for the push in the hub (default 120). When the upstream is slower than the
    /// camera the queue fills, and the hub drops this push's frames up to the next keyframe.
    /// </summary>
    public int QueueCapacity { get; init; } = 120;

    /// <summary>How often bytes sent are copied into the health model while live (default 1 s).</summary>
    public TimeSpan HealthUpdateInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// What the user should change for a failure, in the host's terms (where in its settings the
    /// fix goes), or null; appended to the logged failure and the health detail. This library
    /// describes failures in RTMP and TLS terms only.
    /// </summary>
    public Func<RtmpFailure, string?>? Remedy { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value a worker cannot work with.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentNullException.ThrowIfNull(Publisher, nameof(Publisher));
        ArgumentNullException.ThrowIfNull(Publisher.Url, nameof(Publisher));
        ArgumentNullException.ThrowIfNull(Reconnect, nameof(Reconnect));
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 1, nameof(QueueCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HealthUpdateInterval, TimeSpan.Zero, nameof(HealthUpdateInterval));
    }
}

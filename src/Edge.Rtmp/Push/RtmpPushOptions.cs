namespace Edge.Rtmp.Push;

/// <summary>Timing of an <see cref="RtmpPushWorker"/>; the defaults suit a camera left alone for a year.</summary>
public sealed record RtmpPushOptions
{
    public static RtmpPushOptions Default { get; } = new();

    /// <summary>The first reconnect delay (default 1 s); it doubles after each failure.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest reconnect delay (default 60 s).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Each delay is moved randomly by up to this fraction (default 0.2: ±20 %).</summary>
    public double RetryJitter { get; init; } = 0.2;

    /// <summary>A push that stayed live this long starts again from <see cref="InitialRetryDelay"/> when it fails (default 30 s).</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>TCP connect, TLS and handshake together (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the server may take to answer each command (default 10 s).</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A write that takes longer means the server stopped reading: reconnect (default 10 s).</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Frames queued for the push in the hub (default 120). When the upstream is slower than the
    /// camera the queue fills, and the hub drops this push's frames up to the next keyframe.
    /// </summary>
    public int QueueCapacity { get; init; } = 120;

    /// <summary>How often bytes sent are copied into the health model while live (default 1 s).</summary>
    public TimeSpan HealthUpdateInterval { get; init; } = TimeSpan.FromSeconds(1);
}

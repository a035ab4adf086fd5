namespace Edge.Media.Streaming;

/// <summary>Limits and timing of one <see cref="StreamHub"/>.</summary>
public sealed class StreamHubOptions
{
    /// <summary>The defaults.</summary>
    public static StreamHubOptions Default { get; } = new();

    /// <summary>
    /// Most frames the GOP cache holds (default 300: 10 s at 30 fps). A GOP longer than this is
    /// not cached: new readers wait for the next IDR. 0 turns the cache off.
    /// </summary>
    public int MaxGopFrames { get; init; } = 300;

    /// <summary>Most bytes the GOP cache holds (default 16 MiB); a GOP larger than this is not cached.</summary>
    public long MaxGopBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>
    /// Shortest time between two <see cref="StreamHub.KeyframeRequested"/> events, across all
    /// readers (default 1 s). A request inside the interval is remembered and raised when it ends,
    /// unless an IDR arrived in the meantime.
    /// </summary>
    public TimeSpan KeyframeRequestInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Shortest time between two "reader fell behind" log lines for one reader (default 1 s).</summary>
    public TimeSpan DropLogInterval { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxGopFrames, nameof(MaxGopFrames));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxGopFrames, 100_000, nameof(MaxGopFrames));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxGopBytes, nameof(MaxGopBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(KeyframeRequestInterval, TimeSpan.Zero, nameof(KeyframeRequestInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(DropLogInterval, TimeSpan.Zero, nameof(DropLogInterval));
    }
}

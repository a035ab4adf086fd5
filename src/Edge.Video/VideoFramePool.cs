using System.Collections.Concurrent;

namespace Edge.Video;

/// <summary>
/// A bounded pool of <see cref="VideoFrame"/>s of one size. At most <see cref="MaxFrames"/> frames
/// exist at once; when all are out, <see cref="TryRent"/> fails and the producer drops a frame
/// instead of growing memory. Safe to rent and return from any thread.
/// </summary>
public sealed class VideoFramePool
{
    private readonly ConcurrentBag<VideoFrame> _free = [];
    private int _created;

    /// <param name="width">Picture width in pixels; even, 2 … 8192.</param>
    /// <param name="height">Picture height in pixels; even, 2 … 8192.</param>
    /// <param name="maxFrames">How many frames may be out at once (1 … 64).</param>
    /// <param name="strideAlignment">Rows are padded to a multiple of this many bytes (a power of two, 1 … 256).</param>
    public VideoFramePool(int width, int height, int maxFrames, int strideAlignment = 32)
    {
        ThrowIfBadSize(width, height);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrames, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrames, 64);
        if (strideAlignment < 1 || strideAlignment > 256 || (strideAlignment & (strideAlignment - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(strideAlignment), strideAlignment, "Stride alignment must be a power of two from 1 to 256.");

        Width = width;
        Height = height;
        MaxFrames = maxFrames;
        StrideY = Align(width, strideAlignment);
        StrideUV = Align(width / 2, strideAlignment);
    }

    /// <summary>Width of every frame.</summary>
    public int Width { get; }

    /// <summary>Height of every frame.</summary>
    public int Height { get; }

    /// <summary>Stride of every frame's Y plane.</summary>
    public int StrideY { get; }

    /// <summary>Stride of every frame's U and V planes.</summary>
    public int StrideUV { get; }

    /// <summary>The most frames that may be out of the pool at once.</summary>
    public int MaxFrames { get; }

    /// <summary>
    /// Takes a free frame (its pixels hold whatever the last user left), or creates one while fewer
    /// than <see cref="MaxFrames"/> exist. Returns false when every frame is in use.
    /// </summary>
    public bool TryRent([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VideoFrame? frame)
    {
        if (!_free.TryTake(out frame))
        {
            if (Interlocked.Increment(ref _created) > MaxFrames)
            {
                Interlocked.Decrement(ref _created);
                // Another thread may have returned one meanwhile.
                if (!_free.TryTake(out frame))
                    return false;
            }
            else
            {
                frame = new VideoFrame(this);
            }
        }

        frame.MarkRented();
        return true;
    }

    /// <summary>Like <see cref="TryRent"/>, but throws when every frame is in use.</summary>
    public VideoFrame Rent() =>
        TryRent(out var frame)
            ? frame
            : throw new InvalidOperationException($"All {MaxFrames} frames of the {Width}x{Height} pool are in use; a holder is not returning them.");

    internal void Return(VideoFrame frame)
    {
        if (!frame.BelongsTo(this))
            throw new InvalidOperationException("Video frame returned to a pool it does not belong to.");
        _free.Add(frame);
    }

    internal static void ThrowIfBadSize(int width, int height)
    {
        if (width < 2 || width > 8192 || (width & 1) != 0)
            throw new ArgumentOutOfRangeException(nameof(width), width, "Width must be even and between 2 and 8192.");
        if (height < 2 || height > 8192 || (height & 1) != 0)
            throw new ArgumentOutOfRangeException(nameof(height), height, "Height must be even and between 2 and 8192.");
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) & ~(alignment - 1);
}

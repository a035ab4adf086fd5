using System.Diagnostics;

namespace Edge.Video;

/// <summary>
/// One raw picture in YUV 4:2:0 planar layout (I420: a Y plane, then U, then V, each row padded to
/// its stride), in a pinned pooled buffer.
/// </summary>
/// <remarks>
/// A frame has exactly one owner at a time. <see cref="VideoFramePool.TryRent"/> hands it to a
/// producer; the producer passes it on (ownership moves with it) and whoever holds it last calls
/// <see cref="Dispose"/>, which returns it to its pool. Touching a frame after returning it throws.
/// The buffer is pinned for the frame's whole life, so native code may read it through
/// <see cref="GetPlanePointer"/> while the owner keeps the frame.
/// </remarks>
public sealed class VideoFrame : IDisposable
{
    private readonly VideoFramePool _pool;
    private readonly byte[] _buffer;
    private readonly int _offsetU;
    private readonly int _offsetV;
    private int _rented;

    internal VideoFrame(VideoFramePool pool)
    {
        _pool = pool;
        Width = pool.Width;
        Height = pool.Height;
        StrideY = pool.StrideY;
        StrideUV = pool.StrideUV;
        var sizeY = StrideY * Height;
        var sizeUV = StrideUV * (Height / 2);
        _offsetU = sizeY;
        _offsetV = sizeY + sizeUV;
        _buffer = GC.AllocateUninitializedArray<byte>(sizeY + 2 * sizeUV, pinned: true);
    }

    /// <summary>Width of the picture in pixels (even).</summary>
    public int Width { get; }

    /// <summary>Height of the picture in pixels (even).</summary>
    public int Height { get; }

    /// <summary>Bytes from one row of the Y plane to the next (at least <see cref="Width"/>).</summary>
    public int StrideY { get; }

    /// <summary>Bytes from one row of the U or V plane to the next (at least <see cref="Width"/> / 2).</summary>
    public int StrideUV { get; }

    /// <summary>When the picture was captured, in <see cref="Stopwatch.GetTimestamp"/> ticks (monotonic).</summary>
    public long CaptureTimestamp { get; set; }

    /// <summary>The source's frame counter.</summary>
    public long FrameNumber { get; set; }

    /// <summary>The luma plane: <see cref="Height"/> rows of <see cref="StrideY"/> bytes.</summary>
    public Span<byte> PlaneY
    {
        get
        {
            ThrowIfReturned();
            return _buffer.AsSpan(0, _offsetU);
        }
    }

    /// <summary>The Cb plane: <see cref="Height"/> / 2 rows of <see cref="StrideUV"/> bytes.</summary>
    public Span<byte> PlaneU
    {
        get
        {
            ThrowIfReturned();
            return _buffer.AsSpan(_offsetU, _offsetV - _offsetU);
        }
    }

    /// <summary>The Cr plane: <see cref="Height"/> / 2 rows of <see cref="StrideUV"/> bytes.</summary>
    public Span<byte> PlaneV
    {
        get
        {
            ThrowIfReturned();
            return _buffer.AsSpan(_offsetV, _offsetV - _offsetU);
        }
    }

    /// <summary>Returns plane 0 (Y), 1 (U) or 2 (V).</summary>
    public Span<byte> GetPlane(int plane) => plane switch
    {
        0 => PlaneY,
        1 => PlaneU,
        2 => PlaneV,
        _ => throw new ArgumentOutOfRangeException(nameof(plane), plane, "An I420 frame has planes 0, 1 and 2."),
    };

    /// <summary>The stride of plane 0 (Y), 1 (U) or 2 (V).</summary>
    public int GetStride(int plane) => plane == 0 ? StrideY : StrideUV;

    /// <summary>
    /// Address of a plane's first byte, for native code. Valid while the caller owns the frame
    /// (the buffer is pinned).
    /// </summary>
    public unsafe byte* GetPlanePointer(int plane)
    {
        var span = GetPlane(plane);
        fixed (byte* p = span)
            return p;
    }

    /// <summary>Returns the frame to its pool. The frame must not be used afterwards.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _rented, 0) == 0)
            throw new InvalidOperationException("Video frame returned to its pool twice.");
        _pool.Return(this);
    }

    internal bool BelongsTo(VideoFramePool pool) => ReferenceEquals(_pool, pool);

    internal void MarkRented()
    {
        _rented = 1;
        CaptureTimestamp = 0;
        FrameNumber = 0;
    }

    private void ThrowIfReturned()
    {
        if (Volatile.Read(ref _rented) == 0)
            throw new ObjectDisposedException(nameof(VideoFrame), "The frame was returned to its pool.");
    }
}

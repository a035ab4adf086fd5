using System.Diagnostics;

namespace Edge.Video.Sources.V4l2;

/// <summary>
/// One buffer of a V4L2 camera lent, as a DMABUF, to whatever reads the picture in place (a
/// hardware encoder importing it), instead of being copied out.
/// </summary>
/// <remarks>
/// <para><b>Ownership.</b> The camera hands a filled buffer to exactly one holder at a time
/// (<see cref="V4l2CaptureSource.RunDmabufFramesAsync"/>'s callback), which must call
/// <see cref="Release"/> exactly once, when nothing reads the buffer any more; only then does the
/// camera fill it again. A buffer released twice is a bug and throws. The object is the same for
/// every lending of the same buffer, so lending allocates nothing.</para>
/// <para><b>Lifetime.</b> <see cref="Descriptor"/> belongs to the camera and is valid until the
/// <see cref="V4l2CaptureSource"/> is disposed; a reader that imported it (QBUF) holds its own
/// reference in the kernel.</para>
/// </remarks>
public sealed class DmabufFrame
{
    private readonly V4l2CaptureSource _owner;
    private int _held;
    private long _lentAt;

    internal DmabufFrame(V4l2CaptureSource owner, int index, int descriptor, int length)
    {
        _owner = owner;
        Index = index;
        Descriptor = descriptor;
        Length = length;
    }

    /// <summary>The camera's buffer index (0 … buffers − 1): stable, so a reader can keep one import slot per buffer.</summary>
    public int Index { get; }

    /// <summary>The DMABUF descriptor (owned by the camera).</summary>
    public int Descriptor { get; }

    /// <summary>Bytes in the buffer.</summary>
    public int Length { get; }

    /// <summary>Bytes of this picture, counted from the buffer's start (includes <see cref="DataOffset"/>).</summary>
    public int BytesUsed { get; private set; }

    /// <summary>Where the picture starts in the buffer (0 for almost every camera).</summary>
    public int DataOffset { get; private set; }

    /// <summary>When the picture was captured (<see cref="Stopwatch"/> ticks, monotonic).</summary>
    public long CaptureTimestamp { get; private set; }

    /// <summary>The driver's frame sequence number.</summary>
    public long FrameNumber { get; private set; }

    /// <summary>True while a holder has the buffer (between lending and <see cref="Release"/>).</summary>
    public bool IsHeld => Volatile.Read(ref _held) != 0;

    /// <summary>Gives the buffer back to the camera. Thread-safe; exactly once per lending.</summary>
    /// <exception cref="InvalidOperationException">The buffer is not lent (released twice).</exception>
    public void Release()
    {
        var lentAt = Volatile.Read(ref _lentAt);
        if (Interlocked.Exchange(ref _held, 0) == 0)
            throw new InvalidOperationException($"{_owner.DevicePath}: camera buffer {Index} was released twice.");
        _owner.Return(Index, Stopwatch.GetTimestamp() - lentAt);
    }

    /// <inheritdoc />
    public override string ToString() => $"{_owner.DevicePath} buffer {Index} (frame {FrameNumber})";

    internal void Lend(int bytesUsed, int dataOffset, long captureTimestamp, long frameNumber)
    {
        BytesUsed = bytesUsed;
        DataOffset = dataOffset;
        CaptureTimestamp = captureTimestamp;
        FrameNumber = frameNumber;
        Volatile.Write(ref _lentAt, Stopwatch.GetTimestamp());
        if (Interlocked.Exchange(ref _held, 1) != 0)
            throw new InvalidOperationException($"{_owner.DevicePath}: camera buffer {Index} was lent while still held.");
    }
}

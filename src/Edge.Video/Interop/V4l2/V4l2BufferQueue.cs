using Edge.Linux.IO;
using static Edge.Video.V4l2.Videodev2;

namespace Edge.Video.V4l2;

/// <summary>
/// One queue of buffers of a V4L2 device (a capture queue, or either side of an M2M device):
/// REQBUFS, then for MMAP buffers QUERYBUF and mmap of each one, QBUF/DQBUF with state
/// bookkeeping, STREAMON/STREAMOFF. A DMABUF queue (<see cref="AllocateDmabuf"/>) has no memory
/// of its own: each QBUF names the descriptor of a buffer another device exported.
/// <see cref="Dispose"/> stops streaming, unmaps every buffer and frees them (REQBUFS 0), so the
/// device can be closed and opened again cleanly.
/// </summary>
internal sealed class V4l2BufferQueue : IDisposable
{
    private readonly V4l2Device _device;
    private readonly MemoryMapping[] _mappings;
    private bool _disposed;

    private V4l2BufferQueue(V4l2Device device, uint bufferType, uint memory, int count, MemoryMapping[] mappings)
    {
        _device = device;
        BufferType = bufferType;
        Memory = memory;
        Count = count;
        _mappings = mappings;
        States = new V4l2BufferStates(count);
    }

    /// <summary>The queue's buffer type (V4L2_BUF_TYPE_*).</summary>
    public uint BufferType { get; }

    /// <summary>V4L2_MEMORY_MMAP or V4L2_MEMORY_DMABUF.</summary>
    public uint Memory { get; }

    /// <summary>Buffers in the queue.</summary>
    public int Count { get; }

    /// <summary>Who holds which buffer.</summary>
    public V4l2BufferStates States { get; }

    /// <summary>True between <see cref="StreamOn"/> and <see cref="StreamOff"/>.</summary>
    public bool IsStreaming { get; private set; }

    /// <summary>The mappings, for tests that check teardown (none for a DMABUF queue).</summary>
    internal IReadOnlyList<MemoryMapping> Mappings => _mappings;

    /// <summary>Asks for <paramref name="count"/> MMAP buffers and maps every one the driver gives.</summary>
    /// <exception cref="LinuxIOException">A request failed.</exception>
    public static V4l2BufferQueue Allocate(V4l2Device device, uint bufferType, int count)
    {
        var granted = device.RequestBuffers(bufferType, V4L2_MEMORY_MMAP, count);
        if (granted < 1)
            throw new LinuxIOException(device.Path, "VIDIOC_REQBUFS (no buffers granted)", LinuxErrno.ENOMEM);

        var mappings = new MemoryMapping[granted];
        var offsets = new long[granted];
        var mapped = 0;
        try
        {
            for (; mapped < granted; mapped++)
            {
                var (offset, length) = device.QueryBuffer(bufferType, mapped);
                // Every buffer has memory of its own: a zero length or an offset seen before means
                // the offset or length was read from the wrong place in the struct, and mapping
                // it would hand out one buffer's memory as several (stale, repeated pictures).
                var earlier = Array.IndexOf(offsets, offset, 0, mapped);
                if (length <= 0 || earlier >= 0)
                    throw device.LayoutMismatch(length <= 0
                        ? $"VIDIOC_QUERYBUF gave buffer {mapped} a length of {length}"
                        : $"VIDIOC_QUERYBUF gave buffers {earlier} and {mapped} the same offset {offset}");
                offsets[mapped] = offset;
                mappings[mapped] = device.Map(offset, length);
            }
        }
        catch
        {
            for (var i = 0; i < mapped; i++)
                mappings[i].Dispose();
            device.TryReleaseBuffers(bufferType, V4L2_MEMORY_MMAP);
            throw;
        }

        return new V4l2BufferQueue(device, bufferType, V4L2_MEMORY_MMAP, granted, mappings);
    }

    /// <summary>
    /// Asks for <paramref name="count"/> DMABUF slots: buffers whose memory is imported, at each
    /// QBUF, from a descriptor another device exported (VIDIOC_EXPBUF).
    /// </summary>
    /// <exception cref="LinuxIOException">The driver refused (EINVAL: it cannot import DMABUFs on this queue).</exception>
    public static V4l2BufferQueue AllocateDmabuf(V4l2Device device, uint bufferType, int count)
    {
        var granted = device.RequestBuffers(bufferType, V4L2_MEMORY_DMABUF, count);
        if (granted < 1)
            throw new LinuxIOException(device.Path, "VIDIOC_REQBUFS DMABUF (no buffers granted)", LinuxErrno.ENOMEM);
        return new V4l2BufferQueue(device, bufferType, V4L2_MEMORY_DMABUF, granted, []);
    }

    /// <summary>The bytes of MMAP buffer <paramref name="index"/> (valid until disposed).</summary>
    public Span<byte> GetBuffer(int index) => Mapping(index).Span;

    /// <summary>The mapped length of MMAP buffer <paramref name="index"/>.</summary>
    public int GetLength(int index) => Mapping(index).Length;

    /// <summary>QBUF of an MMAP buffer; returns the errno (0 on success), updating the bookkeeping only on success.</summary>
    public int TryQueue(int index, int bytesUsed = 0, long timestampMicroseconds = 0)
    {
        if (Memory != V4L2_MEMORY_MMAP)
            throw new InvalidOperationException($"{_device.Path}: the queue imports DMABUFs; queue a descriptor with TryQueueDmabuf.");
        if (States.IsQueued(index))
            throw new InvalidOperationException($"{_device.Path}: buffer {index} is already queued.");
        var errno = _device.TryQueue(BufferType, V4L2_MEMORY_MMAP, index, bytesUsed, timestampMicroseconds);
        if (errno == 0)
            States.MarkQueued(index);
        return errno;
    }

    /// <summary>
    /// QBUF of a DMABUF slot: the driver imports <paramref name="descriptor"/> (its first
    /// <paramref name="length"/> bytes, of which the picture fills <paramref name="bytesUsed"/>).
    /// Returns the errno.
    /// </summary>
    public int TryQueueDmabuf(int index, int descriptor, int bytesUsed, int length, long timestampMicroseconds = 0)
    {
        if (Memory != V4L2_MEMORY_DMABUF)
            throw new InvalidOperationException($"{_device.Path}: the queue has MMAP buffers; use TryQueue.");
        if (States.IsQueued(index))
            throw new InvalidOperationException($"{_device.Path}: buffer {index} is already queued.");
        var errno = _device.TryQueue(BufferType, V4L2_MEMORY_DMABUF, index, bytesUsed, timestampMicroseconds, descriptor, length);
        if (errno == 0)
            States.MarkQueued(index);
        return errno;
    }

    /// <summary>QBUF of an MMAP buffer; throws on failure.</summary>
    public void Queue(int index, int bytesUsed = 0, long timestampMicroseconds = 0)
    {
        var errno = TryQueue(index, bytesUsed, timestampMicroseconds);
        if (errno != 0)
            throw new LinuxIOException(_device.Path, "VIDIOC_QBUF", errno);
    }

    /// <summary>DQBUF, non-blocking: 0 with a buffer, EAGAIN when none is ready, EPIPE after the last one, or another errno.</summary>
    public int TryDequeue(out V4l2DequeuedBuffer buffer)
    {
        var errno = _device.TryDequeue(BufferType, Memory, out buffer);
        if (errno == 0)
            States.MarkDequeued(buffer.Index);
        return errno;
    }

    /// <summary>STREAMON.</summary>
    public void StreamOn()
    {
        _device.StreamOn(BufferType);
        IsStreaming = true;
    }

    /// <summary>STREAMOFF: the driver gives every buffer back. Errors are ignored (the device may be gone).</summary>
    public void StreamOff()
    {
        if (!IsStreaming)
            return;
        _ = _device.TryStreamOff(BufferType);
        IsStreaming = false;
        States.ReturnAll();
    }

    /// <summary>
    /// STREAMOFF on a queue that never streamed: takes back the buffers queued ahead of STREAMON
    /// (vb2 returns them to the application either way). Returns the errno.
    /// </summary>
    public int CancelQueued()
    {
        if (IsStreaming)
            throw new InvalidOperationException($"{_device.Path}: the queue is streaming; use StreamOff.");
        var errno = _device.TryStreamOff(BufferType);
        States.ReturnAll();
        return errno;
    }

    /// <summary>Stops streaming, unmaps every buffer and frees them.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        StreamOff();
        foreach (var mapping in _mappings)
            mapping.Dispose();
        if (!_device.IsClosed)
            _device.TryReleaseBuffers(BufferType, Memory);
    }

    private MemoryMapping Mapping(int index) => Memory == V4L2_MEMORY_MMAP
        ? _mappings[index]
        : throw new InvalidOperationException($"{_device.Path}: the queue imports DMABUFs; it has no memory of its own to map.");
}

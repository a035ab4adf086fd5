using Edge.Linux.IO;
using static Edge.Video.V4l2.Videodev2;

namespace Edge.Video.V4l2;

/// <summary>
/// One queue of MMAP buffers of a V4L2 device (a capture queue, or either side of an M2M
/// device): REQBUFS, QUERYBUF and mmap of each buffer, QBUF/DQBUF with state bookkeeping,
/// STREAMON/STREAMOFF. <see cref="Dispose"/> stops streaming, unmaps every buffer and frees them
/// (REQBUFS 0), so the device can be closed and opened again cleanly.
/// </summary>
internal sealed class V4l2BufferQueue : IDisposable
{
    private readonly V4l2Device _device;
    private readonly MemoryMapping[] _mappings;
    private bool _disposed;

    private V4l2BufferQueue(V4l2Device device, uint bufferType, MemoryMapping[] mappings)
    {
        _device = device;
        BufferType = bufferType;
        _mappings = mappings;
        States = new V4l2BufferStates(mappings.Length);
    }

    /// <summary>The queue's buffer type (V4L2_BUF_TYPE_*).</summary>
    public uint BufferType { get; }

    /// <summary>Buffers in the queue.</summary>
    public int Count => _mappings.Length;

    /// <summary>Who holds which buffer.</summary>
    public V4l2BufferStates States { get; }

    /// <summary>True between <see cref="StreamOn"/> and <see cref="StreamOff"/>.</summary>
    public bool IsStreaming { get; private set; }

    /// <summary>The mappings, for tests that check teardown.</summary>
    internal IReadOnlyList<MemoryMapping> Mappings => _mappings;

    /// <summary>Asks for <paramref name="count"/> MMAP buffers and maps every one the driver gives.</summary>
    /// <exception cref="LinuxIOException">A request failed.</exception>
    public static V4l2BufferQueue Allocate(V4l2Device device, uint bufferType, int count)
    {
        var granted = device.RequestBuffers(bufferType, V4L2_MEMORY_MMAP, count);
        if (granted < 1)
            throw new LinuxIOException(device.Path, "VIDIOC_REQBUFS (no buffers granted)", LinuxErrno.ENOMEM);

        var mappings = new MemoryMapping[granted];
        var mapped = 0;
        try
        {
            for (; mapped < granted; mapped++)
            {
                var (offset, length) = device.QueryBuffer(bufferType, mapped);
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

        return new V4l2BufferQueue(device, bufferType, mappings);
    }

    /// <summary>The bytes of buffer <paramref name="index"/> (valid until disposed).</summary>
    public Span<byte> GetBuffer(int index) => _mappings[index].Span;

    /// <summary>The mapped length of buffer <paramref name="index"/>.</summary>
    public int GetLength(int index) => _mappings[index].Length;

    /// <summary>QBUF; returns the errno (0 on success), updating the bookkeeping only on success.</summary>
    public int TryQueue(int index, int bytesUsed = 0, long timestampMicroseconds = 0)
    {
        if (States.IsQueued(index))
            throw new InvalidOperationException($"{_device.Path}: buffer {index} is already queued.");
        var errno = _device.TryQueue(BufferType, V4L2_MEMORY_MMAP, index, bytesUsed, timestampMicroseconds);
        if (errno == 0)
            States.MarkQueued(index);
        return errno;
    }

    /// <summary>QBUF; throws on failure.</summary>
    public void Queue(int index, int bytesUsed = 0, long timestampMicroseconds = 0)
    {
        var errno = TryQueue(index, bytesUsed, timestampMicroseconds);
        if (errno != 0)
            throw new LinuxIOException(_device.Path, "VIDIOC_QBUF", errno);
    }

    /// <summary>DQBUF, non-blocking: 0 with a buffer, EAGAIN when none is ready, EPIPE after the last one, or another errno.</summary>
    public int TryDequeue(out V4l2DequeuedBuffer buffer)
    {
        var errno = _device.TryDequeue(BufferType, V4L2_MEMORY_MMAP, out buffer);
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
            _device.TryReleaseBuffers(BufferType, V4L2_MEMORY_MMAP);
    }
}

namespace Edge.Video.V4l2;

/// <summary>
/// Who holds each buffer of a V4L2 queue: the driver (queued, between QBUF and DQBUF) or the
/// application. Catches the bookkeeping errors that otherwise show up as EINVAL from the kernel
/// or a silently stalled stream: queueing a buffer twice, or a DQBUF index that was never queued.
/// </summary>
internal sealed class V4l2BufferStates
{
    private readonly bool[] _queued;

    public V4l2BufferStates(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _queued = new bool[count];
    }

    /// <summary>Buffers in the queue.</summary>
    public int Count => _queued.Length;

    /// <summary>Buffers the driver holds.</summary>
    public int QueuedCount { get; private set; }

    /// <summary>True while the driver holds buffer <paramref name="index"/>.</summary>
    public bool IsQueued(int index) => _queued[Check(index)];

    /// <summary>Records a successful QBUF.</summary>
    /// <exception cref="InvalidOperationException">The buffer is already queued.</exception>
    public void MarkQueued(int index)
    {
        if (_queued[Check(index)])
            throw new InvalidOperationException($"Buffer {index} is already queued.");
        _queued[index] = true;
        QueuedCount++;
    }

    /// <summary>Records a successful DQBUF.</summary>
    /// <exception cref="InvalidOperationException">The driver returned a buffer that was not queued.</exception>
    public void MarkDequeued(int index)
    {
        if (!_queued[Check(index)])
            throw new InvalidOperationException($"The driver returned buffer {index}, which was not queued.");
        _queued[index] = false;
        QueuedCount--;
    }

    /// <summary>The lowest-numbered buffer the application holds, or -1 when the driver holds them all.</summary>
    public int FirstFree()
    {
        for (var i = 0; i < _queued.Length; i++)
        {
            if (!_queued[i])
                return i;
        }

        return -1;
    }

    /// <summary>After STREAMOFF the driver has given every buffer back.</summary>
    public void ReturnAll()
    {
        Array.Clear(_queued);
        QueuedCount = 0;
    }

    private int Check(int index)
    {
        if ((uint)index >= (uint)_queued.Length)
            throw new InvalidOperationException($"Buffer index {index} is outside the queue's {_queued.Length} buffers.");
        return index;
    }
}

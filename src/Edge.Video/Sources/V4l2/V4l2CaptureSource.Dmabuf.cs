using System.Diagnostics;
using System.Numerics;
using Edge.Linux.IO;
using Edge.Video.V4l2;
using Microsoft.Extensions.Logging;
using static Edge.Video.V4l2.Videodev2;

namespace Edge.Video.Sources.V4l2;

/// <summary>
/// Zero-copy delivery: the camera's buffers exported as DMABUFs (VIDIOC_EXPBUF) and lent, one
/// at a time, to a reader that imports them (a V4L2 M2M encoder), instead of being converted.
/// </summary>
/// <remarks>
/// <para><b>Ownership.</b> A dequeued buffer is lent to the callback as a <see cref="DmabufFrame"/>;
/// it goes back to the driver only when its holder releases it. Releases may come from any
/// thread: they are recorded in a bit mask and the capture thread queues the buffers again (after
/// each callback, and before each poll). A buffer still held when a run ends stays out of the
/// driver's queue in the next run until it is released.</para>
/// <para><b>Starvation.</b> A holder that keeps buffers too long leaves the driver with none to
/// fill, and the camera drops pictures. Every DQBUF that leaves the driver with no buffer counts
/// as a starvation; the count and how long holders keep buffers are logged (at most once a
/// second, when it changes) and exposed for measurement.</para>
/// </remarks>
public sealed partial class V4l2CaptureSource
{
    private V4l2DmabufBuffers? _exported;
    private DeviceFile[]? _exportedFiles;
    private DmabufFrame[]? _lent;
    private int _returnedBuffers;
    private long _starvations;
    private long _reportedStarvations;
    private long _holds;
    private long _holdTicks;
    private long _longestHoldTicks;

    /// <summary>Times the driver was left with no buffer to fill because holders had them all (zero-copy runs).</summary>
    public long Starvations => Interlocked.Read(ref _starvations);

    /// <summary>Buffers lent and not yet released.</summary>
    public int BuffersHeldDownstream => _lent?.Count(f => f.IsHeld) ?? 0;

    /// <summary>How long holders kept a buffer, on average, and at most (zero-copy runs).</summary>
    public (TimeSpan Average, TimeSpan Longest) HoldTimes
    {
        get
        {
            var holds = Interlocked.Read(ref _holds);
            var average = holds == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _holdTicks) / holds);
            return (average, Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _longestHoldTicks)));
        }
    }

    /// <summary>
    /// Exports every capture buffer as a DMABUF (once; later calls return the same set) and
    /// describes their layout, for an importer to check before it commits to them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The camera delivers a compressed format, which no raw-picture reader can
    /// import, or has more than 32 buffers (the driver gave more than asked).</exception>
    /// <exception cref="LinuxIOException">The driver cannot export (VIDIOC_EXPBUF failed; errno in the message).</exception>
    public V4l2DmabufBuffers ExportBuffers()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_exported is not null)
            return _exported;
        if (Mode.IsH264 || V4l2FormatNegotiator.IsMjpeg(Mode.PixelFormat))
            throw new InvalidOperationException($"{DevicePath} delivers {Mode.PixelFormat}, a compressed format; only raw pictures can be lent as DMABUFs.");
        if (_queue.Count > 32)
            throw new InvalidOperationException($"{DevicePath} has {_queue.Count} buffers; buffers are lent as DMABUFs from at most 32.");

        var format = _device.GetFormat(_queue.BufferType);
        var files = new DeviceFile[_queue.Count];
        var frames = new DmabufFrame[_queue.Count];
        var exported = 0;
        try
        {
            for (; exported < files.Length; exported++)
            {
                files[exported] = _device.ExportBuffer(_queue.BufferType, exported);
                frames[exported] = new DmabufFrame(this, exported, (int)files[exported].Handle.DangerousGetHandle(), _queue.GetLength(exported));
            }
        }
        catch
        {
            for (var i = 0; i < exported; i++)
                files[i].Dispose();
            throw;
        }

        var sizeImage = format.SizeImage > 0 ? format.SizeImage : frames.Min(f => f.Length);
        _exportedFiles = files;
        _lent = frames;
        _exported = new V4l2DmabufBuffers(DevicePath, Mode.PixelFormat, Mode.Width, Mode.Height, _bytesPerLine, sizeImage, frames);
        LogExported(_logger, DevicePath, files.Length, _exported.ToString(), _bytesPerLine, sizeImage);
        return _exported;
    }

    /// <summary>
    /// Lends the camera's buffers, as they fill, to <paramref name="onFrame"/> until cancelled, on
    /// the source's own thread; the callback (or whoever it passes the frame to) must
    /// <see cref="DmabufFrame.Release"/> each one. Exports the buffers first if
    /// <see cref="ExportBuffers"/> was not called.
    /// </summary>
    /// <returns>A task that completes when cancelled, or faults as <see cref="RunFramesAsync"/>'s does.</returns>
    public Task RunDmabufFramesAsync(Action<DmabufFrame> onFrame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        if (ProducesAccessUnits)
            throw new InvalidOperationException($"{DevicePath} delivers H.264 ({Mode}); use RunAccessUnitsAsync.");
        ExportBuffers();
        return Start(null, null, cancellationToken, onFrame);
    }

    /// <summary>Called by <see cref="DmabufFrame.Release"/>, from any thread.</summary>
    internal void Return(int index, long heldTicks)
    {
        Interlocked.Increment(ref _holds);
        Interlocked.Add(ref _holdTicks, heldTicks);
        var longest = Interlocked.Read(ref _longestHoldTicks);
        while (heldTicks > longest)
        {
            var seen = Interlocked.CompareExchange(ref _longestHoldTicks, heldTicks, longest);
            if (seen == longest)
                break;
            longest = seen;
        }

        Interlocked.Or(ref _returnedBuffers, 1 << index);
    }

    // At the start of a run: every buffer no holder still has goes to the driver.
    private void QueueAvailableBuffers()
    {
        Interlocked.Exchange(ref _returnedBuffers, 0);
        for (var i = 0; i < _queue.Count; i++)
        {
            if (_lent is null || !_lent[i].IsHeld)
                _queue.Queue(i);
        }
    }

    // On the capture thread: queues the buffers holders released since the last call.
    private void ReturnReleasedBuffers()
    {
        var returned = Interlocked.Exchange(ref _returnedBuffers, 0);
        while (returned != 0)
        {
            var index = BitOperations.TrailingZeroCount(returned);
            returned &= returned - 1;
            if (_queue.IsStreaming && !_queue.States.IsQueued(index))
                _queue.Queue(index);
        }
    }

    private void DeliverDmabuf(in V4l2DequeuedBuffer buffer, Action<DmabufFrame> onFrame)
    {
        var frame = _lent![buffer.Index];
        var length = frame.Length;
        // bytesused and sizeimage both count from the buffer's start (a data offset included).
        var used = buffer.BytesUsed == 0 ? length : Math.Min(buffer.BytesUsed, length);
        if (buffer.Has(V4L2_BUF_FLAG_ERROR) || used < _exported!.SizeImage)
        {
            // An unfinished picture (or a driver error): never lent, refilled at once.
            Interlocked.Increment(ref _buffersCorrupted);
            _queue.Queue(buffer.Index);
            return;
        }

        if (_queue.States.QueuedCount == 0)
            Interlocked.Increment(ref _starvations);

        frame.Lend(used, buffer.DataOffset, CaptureTimestamp(buffer), buffer.Sequence);
        Interlocked.Increment(ref _framesCaptured);
        onFrame(frame);
        ReturnReleasedBuffers();
    }

    // From the once-a-second report: starvations since the last report, with the hold times.
    private void ReportDmabufPressure()
    {
        var starvations = Starvations;
        if (_lent is null || starvations == _reportedStarvations)
            return;
        _reportedStarvations = starvations;
        var (average, longest) = HoldTimes;
        LogStarved(_logger, DevicePath, starvations, _lent.Length, average.TotalMilliseconds, longest.TotalMilliseconds);
    }

    private void ReleaseExports()
    {
        if (_exportedFiles is null)
            return;
        foreach (var file in _exportedFiles)
            file.Dispose();
    }

    [LoggerMessage(EventId = 2530, Level = LogLevel.Information,
        Message = "{Device}: {Buffers} capture buffers exported as DMABUFs ({Format}, {BytesPerLine} bytes per line, {SizeImage} bytes a picture)")]
    private static partial void LogExported(ILogger logger, string device, int buffers, string format, int bytesPerLine, int sizeImage);

    [LoggerMessage(EventId = 2531, Level = LogLevel.Warning,
        Message = "{Device}: the camera ran out of buffers {Starvations} times so far (all {Buffers} were lent out; a reader keeps one {AverageMs:0.#} ms on average, {LongestMs:0.#} ms at most); it drops pictures meanwhile")]
    private static partial void LogStarved(ILogger logger, string device, long starvations, int buffers, double averageMs, double longestMs);
}

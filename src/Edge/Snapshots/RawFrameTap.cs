using Edge.Video;

namespace Edge.Snapshots;

/// <summary>
/// Hands a copy of a raw camera's next frame to a snapshot, on request. The camera thread offers
/// every frame; while nobody asks that costs one volatile read, and when a snapshot asks, the
/// next frame is copied once into a small pool of its own and the camera goes on.
/// </summary>
/// <remarks>
/// Raw cameras (the test pattern, V4L2 raw and Motion-JPEG through the copy path) have an I420
/// picture of every frame in hand before it is encoded, so nothing needs decoding: the snapshot
/// is at most one frame interval old. A pipeline <see cref="Attach"/>es the tap for as long as it
/// offers frames; a camera whose pipeline is not attached (H.264 passthrough, zero-copy) is
/// served by decoding its stream instead (<see cref="HubPictureDecoder"/>). One taker at a
/// time (the snapshot cache runs one encode at a time per camera). The copies, two frames of the
/// camera's size at most, stay allocated once a snapshot has been asked for.
/// </remarks>
internal sealed class RawFrameTap
{
    // A taken copy is being encoded while the next may be filled; a third would mean a leak.
    private const int CopiesOut = 2;

    private TaskCompletionSource<VideoFrame>? _request;
    private VideoFramePool? _pool;
    private int _attached;

    /// <summary>True while a pipeline offers its frames.</summary>
    public bool IsAttached => Volatile.Read(ref _attached) > 0;

    /// <summary>Marks the tap fed until the returned handle is disposed.</summary>
    public IDisposable Attach()
    {
        Interlocked.Increment(ref _attached);
        return new Attachment(this);
    }

    /// <summary>
    /// Called by the camera thread with each frame, before it is encoded; copies it when a
    /// snapshot is waiting. The caller keeps its frame.
    /// </summary>
    public void Offer(VideoFrame frame)
    {
        var request = Volatile.Read(ref _request);
        if (request is null || Interlocked.CompareExchange(ref _request, null, request) != request)
            return;
        var pool = _pool;
        if (pool is null || pool.Width != frame.Width || pool.Height != frame.Height)
            _pool = pool = new VideoFramePool(frame.Width, frame.Height, CopiesOut);
        if (!pool.TryRent(out var copy))
        {
            request.TrySetException(new InvalidOperationException("Every snapshot copy of this camera's frames is still in use."));
            return;
        }

        for (var plane = 0; plane < 3; plane++)
        {
            var rows = plane == 0 ? frame.Height : frame.Height / 2;
            var columns = plane == 0 ? frame.Width : frame.Width / 2;
            var from = frame.GetPlane(plane);
            var to = copy.GetPlane(plane);
            for (var row = 0; row < rows; row++)
                from.Slice(row * frame.GetStride(plane), columns).CopyTo(to.Slice(row * copy.GetStride(plane), columns));
        }
        copy.CaptureTimestamp = frame.CaptureTimestamp;
        copy.FrameNumber = frame.FrameNumber;
        if (!request.TrySetResult(copy))
            copy.Dispose(); // the taker gave up meanwhile
    }

    /// <summary>The next frame offered, which the caller owns and must dispose.</summary>
    /// <exception cref="TimeoutException">No frame was offered within <paramref name="timeout"/>.</exception>
    public async Task<VideoFrame> TakeAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var request = new TaskCompletionSource<VideoFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _request, request);
        try
        {
            return await request.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Interlocked.CompareExchange(ref _request, null, request);
            // The camera thread may have taken the request just now: whatever it delivers is freed.
            if (!request.TrySetCanceled() && request.Task.IsCompletedSuccessfully)
                request.Task.Result.Dispose();
            throw;
        }
    }

    private sealed class Attachment(RawFrameTap tap) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                Interlocked.Decrement(ref tap._attached);
        }
    }
}

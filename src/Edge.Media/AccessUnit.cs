using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Edge.Media;

/// <summary>
/// One H.264 access unit (all NAL units of one picture, Annex B, with SPS/PPS before every IDR)
/// in a pooled buffer, shared by reference between the hub and every reader.
/// </summary>
/// <remarks>
/// Ownership is counted: whoever creates a unit holds one reference; <see cref="Retain"/> adds
/// one for each further holder (a reader's queue, the GOP cache) and <see cref="Release"/> gives
/// it back. When the last reference goes, the buffer returns to <see cref="ArrayPool{T}"/> and
/// the object to a small free list, so steady-state streaming allocates nothing per frame.
/// A unit's payload and timing are immutable once it is published.
/// </remarks>
public sealed class AccessUnit
{
    private const int MaxPooledUnits = 256;
    private static readonly ConcurrentQueue<AccessUnit> FreeUnits = new();
    private static int _freeUnitCount;
    private static long _outstandingCount;

    private const int MaxAttachments = 4;

    // Forms of the unit made once when it was published (a protocol's packets) and shared by
    // every reader, by the key of whoever made them. Allocated once per pooled object.
    private readonly object?[] _attachmentKeys = new object?[MaxAttachments];
    private readonly IDisposable?[] _attachments = new IDisposable?[MaxAttachments];
    private byte[] _buffer = [];
    private int _length;
    private int _references;

    private AccessUnit()
    {
    }

    /// <summary>The Annex B bytes of the unit.</summary>
    public ReadOnlyMemory<byte> Data => _buffer.AsMemory(0, _length);

    /// <summary>Length of <see cref="Data"/> in bytes.</summary>
    public int Length => _length;

    /// <summary>When the picture was captured, in <see cref="Stopwatch.GetTimestamp"/> ticks (monotonic).</summary>
    public long CaptureTimestamp { get; private set; }

    /// <summary>Presentation time on the 90 kHz clock that RTP and FLV timestamps derive from.</summary>
    public long Pts90kHz { get; private set; }

    /// <summary>True when the unit holds an IDR picture a decoder can start from.</summary>
    public bool IsKeyframe { get; private set; }

    /// <summary>The source's frame counter, for diagnostics and loss counting.</summary>
    public long FrameNumber { get; private set; }

    /// <summary>
    /// Units rented and not yet released by their last holder, process-wide. A diagnostic for leak
    /// tests and health pages: after every holder has let go it is back where it started.
    /// </summary>
    public static long OutstandingCount => Interlocked.Read(ref _outstandingCount);

    /// <summary>Current number of references, for tests and diagnostics (0 once released).</summary>
    internal int ReferenceCount => Volatile.Read(ref _references);

    /// <summary>
    /// Takes a unit whose buffer holds at least <paramref name="capacity"/> bytes. The caller owns
    /// the one reference, writes the payload through <see cref="GetWritableBuffer"/> and sets its
    /// length with <see cref="Commit"/> before publishing.
    /// </summary>
    public static AccessUnit Rent(int capacity, long captureTimestamp, long pts90kHz, bool isKeyframe, long frameNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        if (FreeUnits.TryDequeue(out var unit))
            Interlocked.Decrement(ref _freeUnitCount);
        else
            unit = new AccessUnit();
        unit._buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));
        unit._length = 0;
        unit._references = 1;
        unit.CaptureTimestamp = captureTimestamp;
        unit.Pts90kHz = pts90kHz;
        unit.IsKeyframe = isKeyframe;
        unit.FrameNumber = frameNumber;
        Interlocked.Increment(ref _outstandingCount);
        return unit;
    }

    /// <summary>Copies <paramref name="annexB"/> into a new unit; convenient where a copy is needed anyway.</summary>
    public static AccessUnit CopyOf(ReadOnlySpan<byte> annexB, long captureTimestamp, long pts90kHz, bool isKeyframe, long frameNumber)
    {
        var unit = Rent(annexB.Length, captureTimestamp, pts90kHz, isKeyframe, frameNumber);
        annexB.CopyTo(unit._buffer);
        unit._length = annexB.Length;
        return unit;
    }

    /// <summary>The whole rented buffer, for the producer to fill before <see cref="Commit"/>.</summary>
    public Span<byte> GetWritableBuffer() => _buffer;

    /// <summary>Sets how many bytes of the buffer hold the payload.</summary>
    public void Commit(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _buffer.Length);
        _length = length;
    }

    /// <summary>
    /// Attaches <paramref name="attachment"/> under <paramref name="key"/>: a form of this unit
    /// made once for every reader (a protocol's packets), disposed when the last holder releases
    /// the unit. Called by a <see cref="Streaming.IAccessUnitProcessor"/> on the producer thread,
    /// before readers that look for <paramref name="key"/> are handed the unit.
    /// </summary>
    /// <returns>False when the unit already carries as many attachments as it can (the caller keeps its own).</returns>
    public bool Attach(object key, IDisposable attachment)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(attachment);
        for (var i = 0; i < MaxAttachments; i++)
        {
            if (Volatile.Read(ref _attachmentKeys[i]) is not null)
                continue;
            // The value first, then the key that readers look for: a reader that sees the key sees the value.
            _attachments[i] = attachment;
            Volatile.Write(ref _attachmentKeys[i], key);
            return true;
        }
        return false;
    }

    /// <summary>The attachment made under <paramref name="key"/>, or null when there is none.</summary>
    public IDisposable? GetAttachment(object key)
    {
        for (var i = 0; i < MaxAttachments; i++)
        {
            var seen = Volatile.Read(ref _attachmentKeys[i]);
            if (seen is null)
                return null;
            if (ReferenceEquals(seen, key))
                return _attachments[i];
        }
        return null;
    }

    /// <summary>Adds a reference for one more holder.</summary>
    /// <exception cref="InvalidOperationException">The unit was already released by its last holder.</exception>
    public AccessUnit Retain()
    {
        // Never resurrect a released unit: its buffer is already back in the pool.
        var current = Volatile.Read(ref _references);
        while (true)
        {
            if (current <= 0)
                throw new InvalidOperationException("Retain on an access unit that was already released.");
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
                return this;
            current = seen;
        }
    }

    /// <summary>Gives back one reference; the last one returns the buffer to the pool.</summary>
    public void Release()
    {
        var after = Interlocked.Decrement(ref _references);
        if (after > 0)
            return;
        if (after < 0)
        {
            Interlocked.Increment(ref _references);
            throw new InvalidOperationException("Access unit released more times than it was retained.");
        }

        for (var i = 0; i < MaxAttachments && _attachmentKeys[i] is not null; i++)
        {
            var attachment = _attachments[i];
            _attachments[i] = null;
            _attachmentKeys[i] = null;
            attachment?.Dispose();
        }
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        ArrayPool<byte>.Shared.Return(buffer);
        Interlocked.Decrement(ref _outstandingCount);

        // ConcurrentQueue.Count walks the queue's segments; a counter is cheaper on every release.
        if (Interlocked.Increment(ref _freeUnitCount) <= MaxPooledUnits)
            FreeUnits.Enqueue(this);
        else
            Interlocked.Decrement(ref _freeUnitCount);
    }
}

using System.Diagnostics;
using Edge.Media;
using Edge.Media.Streaming;

namespace Edge.Benchmarks.HubToWire;

/// <summary>
/// Plays a pre-encoded clip into a hub in real time, as a camera's encoder would: one unit per
/// frame period on its own thread, each tagged with its number (<see cref="UnitTag"/>), with the
/// <see cref="Stopwatch"/> time taken just before <see cref="StreamHub.Publish"/> kept per number.
/// A keyframe request from the hub (a client joining) restarts the clip at its IDR, as libx264's
/// forced IDR does in the daemon.
/// </summary>
public sealed class PacedFeeder : IDisposable
{
    private readonly StreamHub _hub;
    private readonly EncodedClip _clip;
    private readonly int[] _insertionOffsets;
    private readonly int _fps;
    private readonly long[] _publishedAt;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _keyframeRequested;
    private long _published;

    /// <param name="capacity">Most units this feeder will publish (it stops after that many).</param>
    public PacedFeeder(StreamHub hub, EncodedClip clip, int fps, int capacity)
    {
        _hub = hub;
        _clip = clip;
        _fps = fps;
        _publishedAt = new long[capacity];
        _insertionOffsets = [.. clip.Units.Select(u => UnitTag.InsertionOffset(u))];
        hub.CanForceKeyframes = true;
        hub.KeyframeRequested += OnKeyframeRequested;
    }

    /// <summary>Units published so far; the next unit's number.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Completes when the feeding thread has stopped; faults if it failed.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>When unit <paramref name="number"/> was handed to the hub, in <see cref="Stopwatch"/> ticks.</summary>
    public long PublishedAt(long number) => _publishedAt[number];

    public void Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "bench-feeder" };
        thread.Start();
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stopped.Task.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _hub.KeyframeRequested -= OnKeyframeRequested;
        _stop.Dispose();
    }

    private void OnKeyframeRequested(object? sender, EventArgs e) => Volatile.Write(ref _keyframeRequested, 1);

    private void Run()
    {
        try
        {
            var start = Stopwatch.GetTimestamp();
            var position = 0;
            var token = _stop.Token;
            for (var number = 0L; number < _publishedAt.Length && !token.IsCancellationRequested; number++)
            {
                var deadline = MediaClock.FrameDeadline(start, number, _fps);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                if (wait > TimeSpan.Zero && token.WaitHandle.WaitOne(wait))
                    break;

                if (Interlocked.Exchange(ref _keyframeRequested, 0) != 0)
                    position = 0;
                var annexB = _clip.Units[position];
                var unit = AccessUnit.Rent(annexB.Length + UnitTag.Bytes, deadline, number * (MediaClock.Rate90kHz / _fps), position == 0, number);
                unit.Commit(UnitTag.Write(annexB, _insertionOffsets[position], (uint)number, unit.GetWritableBuffer()));
                position = (position + 1) % _clip.Units.Count;

                _publishedAt[number] = Stopwatch.GetTimestamp();
                _hub.Publish(unit);
                Interlocked.Exchange(ref _published, number + 1);
            }

            _stopped.TrySetResult();
        }
        catch (Exception e)
        {
            _stopped.TrySetException(e);
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Edge.Video.Sources.TestPattern;
using Xunit.Abstractions;
using Edge.Media;

namespace Edge.Video.Tests.TestPattern;

public class TestPatternSourceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Frames_arrive_on_the_frame_grid_in_order_and_stop_on_cancel()
    {
        const int Fps = 50;
        var source = new TestPatternSource(320, 240, Fps);
        var seen = new ConcurrentQueue<(long Number, long Capture, long Delivered, bool Stamped)>();
        using var cancel = new CancellationTokenSource();
        var started = Stopwatch.GetTimestamp();
        var run = source.RunAsync(frame =>
        {
            var delivered = Stopwatch.GetTimestamp();
            var stamped = BurnedInCode.TryRead(frame.PlaneY, frame.Width, frame.Height, frame.StrideY, out var number, out _) && number == frame.FrameNumber;
            seen.Enqueue((frame.FrameNumber, frame.CaptureTimestamp, delivered, stamped));
            frame.Dispose();
        }, cancel.Token);

        await Task.Delay(TimeSpan.FromMilliseconds(600));
        await cancel.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(2));
        var elapsed = Stopwatch.GetElapsedTime(started);

        // However long the delay really took on a busy machine, the source made one frame per slot, no more.
        var frames = seen.ToArray();
        Assert.InRange(frames.Length + source.FramesSkipped, 10, (long)(elapsed.TotalSeconds * Fps) + 2);
        Assert.Equal(frames.Length, source.FramesProduced);
        var first = frames[0].Capture;
        var lags = new List<double>();
        for (var i = 0; i < frames.Length; i++)
        {
            Assert.True(frames[i].Stamped);
            if (source.FramesSkipped == 0)
                Assert.Equal(i, frames[i].Number);
            // Deadlines are computed from the start, never accumulated: exactly n / fps apart.
            Assert.Equal(MediaClock.FrameDeadline(first, frames[i].Number, Fps) - MediaClock.FrameDeadline(first, 0, Fps), frames[i].Capture - first);
            Assert.True(frames[i].Delivered >= frames[i].Capture);
            lags.Add(Stopwatch.GetElapsedTime(frames[i].Capture, frames[i].Delivered).TotalMilliseconds);
        }

        lags.Sort();
        var median = lags[lags.Count / 2];
        output.WriteLine($"{frames.Length} frames, delivery lag after deadline: median {median:F2} ms, mean {lags.Average():F2} ms, max {lags[^1]:F2} ms");
        Assert.True(median < 50, $"median lag {median:F2} ms");
    }

    [Fact]
    public async Task A_slow_consumer_makes_the_source_skip_slots_not_drift()
    {
        const int Fps = 100;
        var source = new TestPatternSource(160, 120, Fps);
        var frames = new ConcurrentQueue<(long Number, long Capture)>();
        using var cancel = new CancellationTokenSource();
        using var slow = new ManualResetEventSlim();
        var run = source.RunAsync(frame =>
        {
            frames.Enqueue((frame.FrameNumber, frame.CaptureTimestamp));
            frame.Dispose();
            slow.Wait(35); // three and a half frame periods
        }, cancel.Token);

        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await cancel.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(2));

        var all = frames.ToArray();
        Assert.True(source.FramesSkipped > 0);
        var first = all[0];
        foreach (var (number, capture) in all)
            Assert.Equal(MediaClock.FrameDeadline(first.Capture, number - first.Number, Fps), capture);
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.Second.Number > pair.First.Number));
    }

    [Fact]
    public async Task Frames_held_downstream_make_the_source_drop_not_grow()
    {
        var source = new TestPatternSource(160, 120, 100, poolSize: 2);
        var held = new ConcurrentQueue<VideoFrame>();
        using var cancel = new CancellationTokenSource();
        var run = source.RunAsync(held.Enqueue, cancel.Token);

        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (source.FramesDropped < 3 && Stopwatch.GetTimestamp() < deadline)
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        await cancel.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(2, held.Count);
        Assert.True(source.FramesDropped >= 3);
        foreach (var frame in held)
            frame.Dispose();
    }

    [Fact]
    public async Task A_throwing_consumer_faults_the_run()
    {
        var source = new TestPatternSource(160, 120, 100);
        var run = source.RunAsync(frame =>
        {
            frame.Dispose();
            throw new InvalidOperationException("consumer broke");
        }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(TimeSpan.FromSeconds(2)));
        Assert.Equal("consumer broke", error.Message);
    }
}

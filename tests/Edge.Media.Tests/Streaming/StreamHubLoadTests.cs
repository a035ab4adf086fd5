using System.Diagnostics;
using Edge.Media.Streaming;
using Edge.Media.Tests.Support;
using Xunit.Abstractions;

namespace Edge.Media.Tests.Streaming;

/// <summary>The "done when": many readers, some stalled, and a producer that never waits for any of them.</summary>
[Collection(AccessUnitAccounting.Name)]
public sealed class StreamHubLoadTests
{
    private readonly ITestOutputHelper _output;

    public StreamHubLoadTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Fifty_readers_five_of_them_stalled_never_block_the_producer_or_grow_memory()
    {
        const int Readers = 50;
        const int Stalled = 5;
        const int Capacity = 60;
        const int GopLength = 30;
        const int FirstRun = 3010; // ends 10 frames into a GOP, so the stalled readers must wait for an IDR
        var baseline = AccessUnit.OutstandingCount;
        var hub = new StreamHub("load", new StreamHubOptions { MaxGopFrames = 300 });
        var stream = new TestStream(GopLength, keyframeSize: 20_000, deltaSize: 3_000);
        var options = new SubscriberOptions { QueueCapacity = Capacity };

        var stalled = Enumerable.Range(0, Stalled).Select(i => hub.Subscribe($"stalled-{i}", options)).ToList();
        var active = Enumerable.Range(0, Readers - Stalled).Select(i => hub.Subscribe($"reader-{i}", options)).ToList();
        var readTasks = active.Select(reader => Task.Run(() => ReadUntilClosedAsync(reader))).ToList();

        // Held at any time: the GOP cache, every reader's queue, and one unit in each active reader's hands.
        var bound = GopLength + (Readers * Capacity) + (Readers - Stalled) + 1;
        var publishTicks = new long[FirstRun];
        long peak = 0;
        for (var i = 0; i < FirstRun; i++)
        {
            var unit = stream.Next();
            var start = Stopwatch.GetTimestamp();
            hub.Publish(unit);
            publishTicks[i] = Stopwatch.GetTimestamp() - start;
            peak = Math.Max(peak, AccessUnit.OutstandingCount - baseline);
            foreach (var reader in stalled)
                Assert.True(reader.QueuedFrames <= Capacity);
        }

        var total = TimeSpan.FromTicks(publishTicks.Sum() * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
        var worst = TimeSpan.FromTicks(publishTicks.Max() * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
        Array.Sort(publishTicks);
        var median = TimeSpan.FromTicks(publishTicks[FirstRun / 2] * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
        _output.WriteLine($"{FirstRun} frames to {Readers} readers: publish total {total.TotalMilliseconds:F1} ms, median {median.TotalMicroseconds:F1} µs, worst {worst.TotalMilliseconds:F2} ms; peak outstanding units {peak} (bound {bound})");
        Assert.True(total < TimeSpan.FromSeconds(1), $"publishing took {total.TotalMilliseconds:F0} ms in all");
        Assert.InRange(peak, 1, bound);

        foreach (var reader in stalled)
        {
            Assert.Equal(Capacity, reader.QueuedFrames);
            Assert.Equal(FirstRun - Capacity, reader.DroppedFrames);
        }

        // The stalled readers wake up: what they held is the start of the stream, then they resume at an IDR.
        foreach (var reader in stalled)
        {
            var held = DrainFrameNumbers(reader);
            Assert.Equal(Enumerable.Range(0, Capacity).Select(n => (long)n), held);
        }

        for (var i = 0; i < 100; i++)
        {
            hub.Publish(stream.Next());
            foreach (var reader in stalled)
            {
                while (reader.TryRead(out var unit))
                {
                    if (reader.DeliveredFrames == Capacity + 1)
                    {
                        Assert.True(unit.IsKeyframe);
                        Assert.Equal(3030, unit.FrameNumber);
                    }

                    unit.Release();
                }
            }
        }

        foreach (var reader in stalled)
        {
            Assert.Equal(1, reader.KeyframeResyncs);
            Assert.Equal(3030 - Capacity, reader.DroppedFrames);
            Assert.Equal(Capacity + (FirstRun + 100 - 3030), reader.DeliveredFrames);
        }

        hub.Complete();
        var reports = await Task.WhenAll(readTasks).WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var report in reports)
        {
            Assert.Null(report.Violation);
            Assert.Equal(FirstRun + 100, report.Frames + report.Reader.DroppedFrames);
        }

        _output.WriteLine($"active readers: {reports.Sum(r => r.Reader.DroppedFrames)} frames dropped in all, {reports.Sum(r => r.Reader.KeyframeResyncs)} resyncs");
        foreach (var reader in active.Concat(stalled))
            reader.Dispose();
        hub.Dispose();
        Assert.Equal(0, hub.ReaderCount);
        Assert.Equal(baseline, AccessUnit.OutstandingCount);
    }

    [Fact]
    public void Publishing_allocates_nothing_per_frame_in_steady_state()
    {
        var hub = new StreamHub("alloc", new StreamHubOptions { MaxGopFrames = 300 });
        var stream = new TestStream(gopLength: 30, keyframeSize: 2000, deltaSize: 500);
        var readers = Enumerable.Range(0, 10)
            .Select(i => hub.Subscribe($"r{i}", new SubscriberOptions { QueueCapacity = 8 }))
            .ToList();
        var stalled = hub.Subscribe("stalled", new SubscriberOptions { QueueCapacity = 8 });

        void Run(int frames, ref long allocated)
        {
            for (var i = 0; i < frames; i++)
            {
                var unit = stream.Next();
                var before = GC.GetAllocatedBytesForCurrentThread();
                hub.Publish(unit);
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                foreach (var reader in readers)
                {
                    while (reader.TryRead(out var read))
                        read.Release();
                }
            }
        }

        long warmUp = 0;
        Run(600, ref warmUp); // parameters parsed once, queues and pools grown
        long steady = 0;
        Run(3000, ref steady);

        _output.WriteLine($"warm-up allocated {warmUp} bytes; steady state {steady} bytes over 3000 frames");
        Assert.Equal(0, steady);
        Assert.True(stalled.DroppedFrames > 0); // the drop path was exercised too
        foreach (var reader in readers)
            reader.Dispose();
        stalled.Dispose();
        hub.Dispose();
    }

    [Fact]
    public async Task Readers_coming_and_going_on_other_threads_leak_nothing()
    {
        var baseline = AccessUnit.OutstandingCount;
        var hub = new StreamHub("churn", new StreamHubOptions { MaxGopFrames = 60 }) { CanForceKeyframes = true };
        var keyframeWanted = 0;
        hub.KeyframeRequested += (_, _) => Interlocked.Exchange(ref keyframeWanted, 1);
        using var stop = new CancellationTokenSource();

        var producer = Task.Run(() =>
        {
            var stream = new TestStream(gopLength: 15, keyframeSize: 1000, deltaSize: 200);
            var published = 0;
            while (!stop.IsCancellationRequested || published < 2000)
            {
                var unit = Interlocked.Exchange(ref keyframeWanted, 0) == 1 ? stream.NextKeyframe() : stream.Next();
                hub.Publish(unit);
                published++;
                if (published % 64 == 0)
                    Thread.Yield();
            }

            return published;
        });

        var churners = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            var readers = 0;
            for (var round = 0; round < 100; round++)
            {
                var mode = random.Next(2) == 0 ? SubscriberStartMode.FromCachedGop : SubscriberStartMode.NextKeyframe;
                var reader = hub.Subscribe($"churn-{worker}-{round}", new SubscriberOptions { QueueCapacity = random.Next(1, 40), StartMode = mode });
                readers++;
                var reads = random.Next(0, 6);
                long last = -1;
                for (var r = 0; r < reads; r++)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    var unit = await reader.ReadAsync(timeout.Token);
                    if (last < 0)
                        Assert.True(unit.IsKeyframe, "a reader's first frame must be an IDR");
                    else
                        Assert.True(unit.FrameNumber == last + 1 || unit.IsKeyframe, "after a gap a reader must resume at an IDR");
                    last = unit.FrameNumber;
                    unit.Release();
                }

                if (random.Next(3) == 0)
                    await Task.Yield();
                reader.Dispose();
            }

            return readers;
        })).ToList();

        var subscribed = (await Task.WhenAll(churners).WaitAsync(TimeSpan.FromSeconds(60))).Sum();
        await stop.CancelAsync();
        var frames = await producer.WaitAsync(TimeSpan.FromSeconds(60));
        _output.WriteLine($"{subscribed} readers came and went over {frames} frames; {hub.KeyframeRequests} keyframe requests");

        Assert.Equal(0, hub.ReaderCount);
        hub.Dispose();
        Assert.Equal(baseline, AccessUnit.OutstandingCount);
    }

    [Fact]
    public async Task Completing_while_readers_join_ends_every_reader()
    {
        var baseline = AccessUnit.OutstandingCount;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var hub = new StreamHub("closing") { CanForceKeyframes = attempt % 2 == 0 };
            using var go = new ManualResetEventSlim();
            var producer = Task.Run(() =>
            {
                var stream = new TestStream(gopLength: 5, keyframeSize: 300, deltaSize: 100);
                go.Wait();
                while (!hub.IsCompleted)
                    hub.Publish(stream.Next());
            });
            var subscribers = new List<StreamSubscriber>();
            var subscribing = Task.Run(() =>
            {
                go.Wait();
                for (var i = 0; i < 200; i++)
                {
                    var mode = i % 3 == 0 ? SubscriberStartMode.NextKeyframe : SubscriberStartMode.FromCachedGop;
                    subscribers.Add(hub.Subscribe($"s{i}", new SubscriberOptions { QueueCapacity = 4, StartMode = mode }));
                }
            });

            go.Set();
            await Task.Delay(attempt % 4);
            hub.Complete();
            await Task.WhenAll(producer, subscribing).WaitAsync(TimeSpan.FromSeconds(30));

            foreach (var subscriber in subscribers)
            {
                // Every reader ends: it drains what it was given, then learns that the stream closed.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await Assert.ThrowsAsync<StreamClosedException>(async () =>
                {
                    while (true)
                        (await subscriber.ReadAsync(timeout.Token)).Release();
                });
                subscriber.Dispose();
            }

            Assert.Equal(baseline, AccessUnit.OutstandingCount);
        }
    }

    private static List<long> DrainFrameNumbers(StreamSubscriber reader)
    {
        var frames = new List<long>();
        while (reader.TryRead(out var unit))
        {
            frames.Add(unit.FrameNumber);
            unit.Release();
        }

        return frames;
    }

    private static async Task<ReadReport> ReadUntilClosedAsync(StreamSubscriber reader)
    {
        long frames = 0;
        long last = -1;
        string? violation = null;
        try
        {
            while (true)
            {
                var unit = await reader.ReadAsync(CancellationToken.None);
                frames++;
                if (last < 0 && !unit.IsKeyframe)
                    violation ??= $"first frame {unit.FrameNumber} is not an IDR";
                else if (last >= 0 && unit.FrameNumber != last + 1 && !unit.IsKeyframe)
                    violation ??= $"frame {unit.FrameNumber} after {last} is not an IDR";
                else if (last >= 0 && unit.FrameNumber <= last)
                    violation ??= $"frame {unit.FrameNumber} after {last} goes backwards";
                last = unit.FrameNumber;
                unit.Release();
            }
        }
        catch (StreamClosedException)
        {
        }

        return new ReadReport(reader, frames, violation);
    }

    private sealed record ReadReport(StreamSubscriber Reader, long Frames, string? Violation);
}

using Edge.Media.H264;
using Edge.Media.Streaming;
using Edge.Media.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Media.Tests.Streaming;

[Collection(AccessUnitAccounting.Name)]
public sealed class StreamHubTests : IDisposable
{
    private readonly long _baseline = AccessUnit.OutstandingCount;
    private readonly FakeTimeProvider _clock = new();
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var item in _owned)
            item.Dispose();
    }

    private StreamHub NewHub(StreamHubOptions? options = null, bool canForceKeyframes = true)
    {
        var hub = new StreamHub("front", options, _clock) { CanForceKeyframes = canForceKeyframes };
        _owned.Add(hub);
        return hub;
    }

    private static void PublishFrames(StreamHub hub, TestStream stream, int count)
    {
        for (var i = 0; i < count; i++)
            hub.Publish(stream.Next());
    }

    /// <summary>Takes every queued unit, returning their frame numbers and keyframe flags, and releases them.</summary>
    private static List<(long Frame, bool Key)> Drain(StreamSubscriber subscriber)
    {
        var frames = new List<(long, bool)>();
        while (subscriber.TryRead(out var unit))
        {
            frames.Add((unit.FrameNumber, unit.IsKeyframe));
            unit.Release();
        }

        return frames;
    }

    private void AssertNoLeaks() => Assert.Equal(_baseline, AccessUnit.OutstandingCount);

    [Fact]
    public void AReaderFromTheCachedGop_StartsWithTheIdrAndItsParameterSets()
    {
        var hub = NewHub();
        var stream = new TestStream(gopLength: 30);
        PublishFrames(hub, stream, 35); // IDR at 30, then 31-34

        using var reader = hub.Subscribe("rtsp 10.0.0.2", new SubscriberOptions { StartMode = SubscriberStartMode.FromCachedGop });
        Assert.Equal(1, hub.ReaderCount);
        Assert.False(reader.TryRead(out _)); // joins with the next published unit
        hub.Publish(stream.Next());

        Assert.True(reader.TryRead(out var first));
        Assert.True(first.IsKeyframe);
        Assert.Equal(30, first.FrameNumber);
        Assert.True(AnnexB.TryFindParameterSets(first.Data.Span, out _, out _));
        first.Release();
        Assert.Equal([31, 32, 33, 34, 35], Drain(reader).Select(f => f.Frame));
        Assert.Equal(6, reader.DeliveredFrames);
        Assert.Equal(SubscriberStartMode.FromCachedGop, reader.StartMode);
    }

    [Fact]
    public void AReaderThatJoinsBeforeAnyIdr_StartsAtTheFirstOne()
    {
        var hub = NewHub(canForceKeyframes: false);
        var stream = new TestStream(gopLength: 10) { NextFrameNumber = 3 };
        using var reader = hub.Subscribe("early");

        PublishFrames(hub, stream, 12); // 3..14, IDR at 10

        Assert.Equal([10, 11, 12, 13, 14], Drain(reader).Select(f => f.Frame));
        Assert.Equal(0, reader.DroppedFrames);
    }

    [Fact]
    public async Task EndWhen_EndsAPendingReadAndEveryLaterOneWithTheToken()
    {
        var hub = NewHub(canForceKeyframes: false);
        var stream = new TestStream(gopLength: 10);
        using var reader = hub.Subscribe("ends");
        using var stop = new CancellationTokenSource();
        using var ending = reader.EndWhen(stop.Token);
        PublishFrames(hub, stream, 1);
        (await reader.ReadAsync()).Release();

        var pending = reader.ReadAsync().AsTask();
        Assert.False(pending.IsCompleted);
        await stop.CancelAsync();

        var ended = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(stop.Token, ended.CancellationToken);
        PublishFrames(hub, stream, 1);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.ReadAsync().AsTask());
    }

    [Fact]
    public void NextKeyframeReaders_AskForAnIdrAtMostOnceASecond()
    {
        var hub = NewHub();
        var requests = 0;
        hub.KeyframeRequested += (_, _) => requests++;
        var stream = new TestStream(gopLength: 1000);
        PublishFrames(hub, stream, 5);
        var next = new SubscriberOptions { StartMode = SubscriberStartMode.NextKeyframe };

        using var a = hub.Subscribe("a", next);
        Assert.Equal(1, requests); // at once
        Assert.Equal(SubscriberStartMode.NextKeyframe, a.StartMode);
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        using var b = hub.Subscribe("b", next);
        Assert.Equal(1, requests); // rate-limited, remembered
        hub.Publish(stream.Next());
        Assert.Equal(1, requests);
        Assert.False(a.TryRead(out _));
        Assert.False(b.TryRead(out _));

        _clock.Advance(TimeSpan.FromMilliseconds(700));
        hub.Publish(stream.Next());
        Assert.Equal(2, requests); // the remembered request, once the second has passed
        Assert.Equal(2, hub.KeyframeRequests);

        hub.Publish(stream.NextKeyframe()); // the encoder answers
        hub.Publish(stream.Next());
        Assert.Equal([(7L, true), (8L, false)], Drain(a));
        Assert.Equal([(7L, true), (8L, false)], Drain(b));

        _clock.Advance(TimeSpan.FromMilliseconds(1500));
        using var c = hub.Subscribe("c", next);
        Assert.Equal(3, requests);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        using var d = hub.Subscribe("d", next);
        Assert.Equal(3, requests);
        hub.Publish(stream.NextKeyframe()); // a natural IDR answers d's remembered request
        _clock.Advance(TimeSpan.FromSeconds(5));
        hub.Publish(stream.Next());
        Assert.Equal(3, requests);
        Assert.Equal([(9L, true), (10L, false)], Drain(d));
        Assert.Equal([(9L, true), (10L, false)], Drain(c));
    }

    [Fact]
    public void NextKeyframe_FallsBackToTheCachedGop_WhenTheEncoderCannotForceOne()
    {
        var hub = NewHub(canForceKeyframes: false);
        var requests = 0;
        hub.KeyframeRequested += (_, _) => requests++;
        var stream = new TestStream(gopLength: 30);
        PublishFrames(hub, stream, 3);

        using var reader = hub.Subscribe("vlc", new SubscriberOptions { StartMode = SubscriberStartMode.NextKeyframe });
        hub.Publish(stream.Next());

        Assert.Equal(SubscriberStartMode.FromCachedGop, reader.StartMode);
        Assert.Equal(0, requests);
        Assert.Equal([0, 1, 2, 3], Drain(reader).Select(f => f.Frame));
    }

    [Fact]
    public void ACachedGopLongerThanTheReadersQueue_IsNotHandedOver()
    {
        var hub = NewHub();
        var requests = 0;
        hub.KeyframeRequested += (_, _) => requests++;
        var stream = new TestStream(gopLength: 100);
        PublishFrames(hub, stream, 10);

        using var reader = hub.Subscribe("small", new SubscriberOptions { QueueCapacity = 4 });
        hub.Publish(stream.Next());

        Assert.Empty(Drain(reader));
        Assert.Equal(1, requests);
        hub.Publish(stream.NextKeyframe());
        Assert.Equal([(11L, true)], Drain(reader));
    }

    [Fact]
    public void ParameterChanges_AreTracked_AndNotifiedOncePerChange()
    {
        var hub = NewHub();
        var changes = new List<H264Parameters>();
        hub.ParametersChanged += (_, parameters) => changes.Add(parameters);
        var stream = new TestStream(gopLength: 5);

        Assert.Null(hub.Parameters);
        PublishFrames(hub, stream, 12); // IDRs at 0, 5, 10 with the same SPS/PPS
        Assert.Single(changes);
        Assert.Equal((1280, 720), (hub.Parameters!.SequenceParameterSet.Width, hub.Parameters.SequenceParameterSet.Height));
        Assert.Equal("42c01f", hub.Parameters.ProfileLevelId);

        stream.SetParameterSets(KnownParameterSets.Sps1920x1080High, KnownParameterSets.Pps1920x1080High);
        PublishFrames(hub, stream, 10); // IDR at 15, 20

        Assert.Equal(2, changes.Count);
        Assert.Same(hub.Parameters, changes[1]);
        Assert.Equal(1920, changes[1].SequenceParameterSet.Width);
        Assert.Equal(1080, changes[1].SequenceParameterSet.Height);
        Assert.Equal("640028", changes[1].ProfileLevelId);
    }

    [Fact]
    public void AnUnusableSps_KeepsThePreviousParameters()
    {
        var hub = NewHub();
        var changes = 0;
        hub.ParametersChanged += (_, _) => changes++;
        var stream = new TestStream(gopLength: 2);
        PublishFrames(hub, stream, 2);
        var before = hub.Parameters;

        stream.SetParameterSets([0x67, 0x64, 0x00], KnownParameterSets.Pps1920x1080High); // cut short
        using var reader = hub.Subscribe("r", new SubscriberOptions { StartMode = SubscriberStartMode.NextKeyframe });
        PublishFrames(hub, stream, 4);

        Assert.Same(before, hub.Parameters);
        Assert.Equal(1, changes);
        Assert.Equal(4, reader.DeliveredFrames); // the frames still flow
    }

    [Fact]
    public async Task Readers_CanWaitForTheFirstParameters()
    {
        var hub = NewHub();
        var stream = new TestStream(gopLength: 10) { NextFrameNumber = 1 };

        var waiting = hub.WaitForParametersAsync(CancellationToken.None).AsTask();
        PublishFrames(hub, stream, 5);
        Assert.False(waiting.IsCompleted);
        PublishFrames(hub, stream, 5); // frame 10 is an IDR

        var parameters = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Same(hub.Parameters, parameters);
        Assert.Same(parameters, await hub.WaitForParametersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WaitingForParameters_EndsOnCancelTimeoutOrClose()
    {
        var hub = NewHub();
        using var cancel = new CancellationTokenSource();
        var cancelled = hub.WaitForParametersAsync(cancel.Token).AsTask();
        var closed = hub.WaitForParametersAsync(CancellationToken.None).AsTask();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        using var realClock = new StreamHub("back");
        await Assert.ThrowsAsync<TimeoutException>(() => realClock.WaitForParametersAsync(TimeSpan.FromMilliseconds(20)).AsTask());

        hub.Complete();
        var ex = await Assert.ThrowsAsync<StreamClosedException>(() => closed);
        Assert.Contains("front", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GopCache_IsBoundedByFrames_AndWaitsForTheNextIdrAfterAnOverflow()
    {
        var hub = NewHub(new StreamHubOptions { MaxGopFrames = 5 }, canForceKeyframes: false);
        var stream = new TestStream(gopLength: 8);

        PublishFrames(hub, stream, 5);
        Assert.Equal(5, hub.CurrentGopLength);
        hub.Publish(stream.Next()); // frame 5 overflows the cache
        Assert.Equal(0, hub.CurrentGopLength);
        Assert.Equal(0, hub.CurrentGopBytes);
        Assert.Equal(1, hub.GopCacheOverflows);

        using var reader = hub.Subscribe("late");
        PublishFrames(hub, stream, 2); // 6, 7: nothing cached, nothing decodable for the reader
        Assert.Empty(Drain(reader));
        Assert.Equal(_baseline, AccessUnit.OutstandingCount);

        PublishFrames(hub, stream, 2); // IDR 8, then 9
        Assert.Equal(2, hub.CurrentGopLength);
        Assert.Equal([(8L, true), (9L, false)], Drain(reader));
    }

    [Fact]
    public void GopCache_IsBoundedByBytes()
    {
        var stream = new TestStream(gopLength: 100, keyframeSize: 4000, deltaSize: 800);
        var idr = stream.Make(0, true);
        var delta = stream.Make(1, false);
        var limit = idr.Length + (2 * delta.Length) + 10;
        idr.Release();
        delta.Release();
        var hub = NewHub(new StreamHubOptions { MaxGopBytes = limit });

        PublishFrames(hub, stream, 3);
        Assert.Equal(3, hub.CurrentGopLength);
        Assert.Equal(limit - 10, hub.CurrentGopBytes);
        hub.Publish(stream.Next());

        Assert.Equal(0, hub.CurrentGopLength);
        Assert.Equal(1, hub.GopCacheOverflows);
        Assert.Equal(_baseline, AccessUnit.OutstandingCount);
    }

    [Fact]
    public void AFullQueue_DropsForThatReaderOnly_WhichResumesAtTheNextIdr()
    {
        var hub = NewHub(canForceKeyframes: false);
        var stream = new TestStream(gopLength: 10);
        using var slow = hub.Subscribe("slow", new SubscriberOptions { QueueCapacity = 10 });
        using var fast = hub.Subscribe("fast", new SubscriberOptions { QueueCapacity = 10 });
        var fastFrames = new List<long>();

        for (var i = 0; i < 25; i++)
        {
            hub.Publish(stream.Next());
            fastFrames.AddRange(Drain(fast).Select(f => f.Frame));
        }

        Assert.Equal(10, slow.QueuedFrames);
        Assert.Equal(15, slow.DroppedFrames);
        Assert.True(slow.IsWaitingForKeyframe);
        Assert.Equal(Enumerable.Range(0, 10).Select(n => (long)n), Drain(slow).Select(f => f.Frame));

        for (var i = 0; i < 10; i++)
        {
            hub.Publish(stream.Next()); // 25..34, IDR at 30
            fastFrames.AddRange(Drain(fast).Select(f => f.Frame));
        }

        Assert.Equal([(30L, true), (31L, false), (32L, false), (33L, false), (34L, false)], Drain(slow));
        Assert.Equal(20, slow.DroppedFrames);
        Assert.Equal(1, slow.KeyframeResyncs);
        Assert.Equal(15, slow.DeliveredFrames);
        Assert.Equal(Enumerable.Range(0, 35).Select(n => (long)n), fastFrames);
        Assert.Equal(0, fast.DroppedFrames);
        Assert.Equal(0, fast.KeyframeResyncs);
    }

    [Fact]
    public void DisposingAReader_ReleasesEverythingQueuedForIt()
    {
        var hub = NewHub();
        var stream = new TestStream(gopLength: 5);
        var reader = hub.Subscribe("gone");

        PublishFrames(hub, stream, 20);
        Assert.Equal(20, reader.QueuedFrames);
        Assert.Equal(_baseline + 20, AccessUnit.OutstandingCount); // 15-19 shared with the cache

        reader.Dispose();
        Assert.Equal(0, hub.ReaderCount);
        Assert.Equal(_baseline + 5, AccessUnit.OutstandingCount); // the cached GOP
        Assert.False(reader.TryRead(out _));
        reader.Dispose(); // twice is fine

        hub.Dispose();
        AssertNoLeaks();
    }

    [Fact]
    public async Task Reading_WaitsForTheNextUnit_AndCanBeCancelled()
    {
        var hub = NewHub();
        var stream = new TestStream();
        using var reader = hub.Subscribe("waiter", new SubscriberOptions { StartMode = SubscriberStartMode.NextKeyframe });

        var pending = reader.ReadAsync(CancellationToken.None).AsTask();
        Assert.False(pending.IsCompleted);
        hub.Publish(stream.Next());
        var unit = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, unit.FrameNumber);
        unit.Release();

        using var cancel = new CancellationTokenSource();
        var cancelled = reader.ReadAsync(cancel.Token).AsTask();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        var orphan = reader.ReadAsync(CancellationToken.None).AsTask();
        reader.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => orphan);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task CompletingTheHub_LetsReadersDrain_ThenEndsThem()
    {
        var hub = NewHub();
        var stream = new TestStream();
        using var reader = hub.Subscribe("r");
        PublishFrames(hub, stream, 3);

        hub.Complete(new IOException("camera unplugged"));
        Assert.True(hub.IsCompleted);
        for (var expected = 0; expected < 3; expected++)
        {
            var unit = await reader.ReadAsync(CancellationToken.None);
            Assert.Equal(expected, unit.FrameNumber);
            unit.Release();
        }

        var ex = await Assert.ThrowsAsync<StreamClosedException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
        Assert.Contains("camera unplugged", ex.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(ex.InnerException);
        Assert.False(await reader.WaitToReadAsync(CancellationToken.None));

        hub.Publish(stream.Next()); // ignored and released
        using var late = hub.Subscribe("late");
        await Assert.ThrowsAsync<StreamClosedException>(() => late.ReadAsync(CancellationToken.None).AsTask());
        hub.Complete(); // idempotent
        AssertNoLeaks();
    }

    [Fact]
    public void Hub_ReportsHealthStatistics()
    {
        var hub = NewHub();
        var stream = new TestStream(gopLength: 10);
        Assert.Null(hub.LastFrameTimestamp);
        Assert.Null(hub.TimeSinceLastFrame);

        PublishFrames(hub, stream, 13);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var reader = hub.Subscribe("r");
        using var other = hub.Subscribe("s", new SubscriberOptions { StartMode = SubscriberStartMode.NextKeyframe });

        Assert.Equal(13, hub.FramesPublished);
        Assert.Equal(3, hub.CurrentGopLength);
        Assert.Equal(2, hub.ReaderCount);
        Assert.Equal(TimeSpan.FromSeconds(5), hub.TimeSinceLastFrame);
        Assert.Equal(_clock.GetTimestamp() - TimeSpan.FromSeconds(5).Ticks, hub.LastFrameTimestamp);
        reader.Dispose();
        Assert.Equal(1, hub.ReaderCount);
    }

    [Fact]
    public void AFailingHandler_DoesNotStopTheProducer()
    {
        var hub = NewHub();
        hub.ParametersChanged += (_, _) => throw new InvalidOperationException("handler bug");
        hub.KeyframeRequested += (_, _) => throw new InvalidOperationException("handler bug");
        var stream = new TestStream();
        using var reader = hub.Subscribe("r", new SubscriberOptions { StartMode = SubscriberStartMode.NextKeyframe });

        PublishFrames(hub, stream, 3);

        Assert.Equal(3, reader.QueuedFrames);
        Assert.NotNull(hub.Parameters);
    }

    [Fact]
    public void PublishingFromInsidePublish_IsRefused()
    {
        var hub = NewHub();
        var stream = new TestStream();
        Exception? caught = null;
        hub.ParametersChanged += (_, _) =>
        {
            caught = Record.Exception(() => hub.Publish(stream.Make(99, false)));
        };

        hub.Publish(stream.Next());

        Assert.IsType<InvalidOperationException>(caught);
        Assert.Equal(1, hub.FramesPublished);
        hub.Dispose();
        AssertNoLeaks();
    }

    [Fact]
    public void BadOptions_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamHub("x", new StreamHubOptions { MaxGopFrames = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamHub("x", new StreamHubOptions { KeyframeRequestInterval = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentException>(() => new StreamHub(""));
        var hub = NewHub();
        Assert.Throws<ArgumentOutOfRangeException>(() => hub.Subscribe("r", new SubscriberOptions { QueueCapacity = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => hub.Subscribe("r", new SubscriberOptions { StartMode = (SubscriberStartMode)7 }));
        Assert.Equal(0, hub.ReaderCount);
    }
}

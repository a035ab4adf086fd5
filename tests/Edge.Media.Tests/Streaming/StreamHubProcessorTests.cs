using Edge.Media.Streaming;
using Edge.Media.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Media.Tests.Streaming;

/// <summary>
/// Work done once per unit for every reader (a protocol's packets): it catches up on the cached
/// GOP, sees every later unit before any reader does, stops when taken out, and what it attached
/// goes when the unit's last holder lets go.
/// </summary>
[Collection(AccessUnitAccounting.Name)]
public sealed class StreamHubProcessorTests : IDisposable
{
    private readonly long _baseline = AccessUnit.OutstandingCount;
    private readonly StreamHub _hub = new("front", timeProvider: new FakeTimeProvider()) { CanForceKeyframes = false };
    private readonly TestStream _stream = new(gopLength: 10);

    public void Dispose() => _hub.Dispose();

    [Fact]
    public void A_processor_added_later_catches_up_on_the_cached_gop_in_order_then_sees_every_unit()
    {
        for (var i = 0; i < 13; i++)
            _hub.Publish(_stream.Next()); // IDR at 10, then 11 and 12 in the cache
        var processor = new RecordingProcessor();

        using (_hub.AddProcessor(processor))
        {
            Assert.Empty(processor.Frames); // joins with the next unit, on the producer's thread
            _hub.Publish(_stream.Next());
            _hub.Publish(_stream.Next());
        }

        Assert.Equal([10, 11, 12, 13, 14], processor.Frames);
        _hub.Publish(_stream.Next());
        Assert.Equal([10, 11, 12, 13, 14], processor.Frames); // taken out
    }

    [Fact]
    public void Every_unit_a_reader_gets_carries_the_attachment_made_for_it()
    {
        var processor = new RecordingProcessor();
        using var registration = _hub.AddProcessor(processor);
        _hub.Publish(_stream.Next());
        using var reader = _hub.Subscribe("rtsp", new SubscriberOptions { StartMode = SubscriberStartMode.FromCachedGop });
        for (var i = 0; i < 5; i++)
            _hub.Publish(_stream.Next());

        var seen = 0;
        while (reader.TryRead(out var unit))
        {
            var attachment = Assert.IsType<FrameTag>(unit.GetAttachment(processor));
            Assert.Equal(unit.FrameNumber, attachment.Frame);
            Assert.Null(unit.GetAttachment(new object())); // by key: nobody else's
            unit.Release();
            seen++;
        }
        Assert.Equal(6, seen);
    }

    [Fact]
    public void An_attachment_is_disposed_once_with_its_unit_and_a_pooled_unit_comes_back_without_it()
    {
        var processor = new RecordingProcessor();
        using (_hub.AddProcessor(processor))
        {
            _hub.Publish(_stream.Next());
            using var reader = _hub.Subscribe("rtsp", new SubscriberOptions { StartMode = SubscriberStartMode.FromCachedGop });
            _hub.Publish(_stream.Next());
            Assert.True(reader.TryRead(out var first));
            first.Release();
        }
        _hub.Dispose(); // the cache lets go of the rest

        Assert.Equal(processor.Tags.Count, processor.Tags.Count(t => t.DisposeCount == 1));
        Assert.Equal(2, processor.Tags.Count);
        Assert.Equal(_baseline, AccessUnit.OutstandingCount);
        var reused = AccessUnit.CopyOf([0, 0, 0, 1, 0x65, 1], 0, 0, isKeyframe: true, 99);
        Assert.Null(reused.GetAttachment(processor));
        reused.Release();
    }

    [Fact]
    public void A_processor_that_throws_is_logged_and_the_readers_still_get_the_unit()
    {
        using var registration = _hub.AddProcessor(new ThrowingProcessor());
        using var reader = _hub.Subscribe("rtsp", new SubscriberOptions { StartMode = SubscriberStartMode.FromCachedGop });
        _hub.Publish(_stream.Next());

        Assert.True(reader.TryRead(out var unit));
        unit.Release();
    }

    private sealed class RecordingProcessor : IAccessUnitProcessor
    {
        public List<long> Frames { get; } = [];

        public List<FrameTag> Tags { get; } = [];

        public void Process(AccessUnit unit)
        {
            Frames.Add(unit.FrameNumber);
            var tag = new FrameTag(unit.FrameNumber);
            Tags.Add(tag);
            Assert.True(unit.Attach(this, tag));
        }
    }

    private sealed class ThrowingProcessor : IAccessUnitProcessor
    {
        public void Process(AccessUnit unit) => throw new InvalidOperationException("a processor's bug");
    }

    private sealed class FrameTag(long frame) : IDisposable
    {
        public long Frame { get; } = frame;

        public int DisposeCount { get; private set; }

        public void Dispose() => DisposeCount++;
    }
}

using Edge.Media.Mp4;
using Edge.Media.Streaming;
using Edge.Media.Tests.Support;

namespace Edge.Media.Tests.Mp4;

[Collection(AccessUnitAccounting.Name)]
public sealed class FragmentedMp4ReaderTests
{
    [Fact]
    public async Task Starts_with_an_init_segment_then_one_fragment_per_unit_from_the_keyframe_on()
    {
        using var hub = new StreamHub("front") { CanForceKeyframes = false };
        var stream = new TestStream(gopLength: 10);
        hub.Publish(stream.Next()); // the GOP the reader starts from
        using var reader = new FragmentedMp4Reader(hub, "viewer", CancellationToken.None);
        hub.Publish(stream.Next());
        hub.Publish(stream.Next());

        var init = await reader.ReadAsync();
        Assert.True(init.IsInitSegment);
        Assert.Equal(["ftyp", "moov"], Mp4Box.List(init.Bytes.ToArray()).Select(b => b.Type));
        Assert.Equal(1280, reader.Parameters!.SequenceParameterSet.Width);

        var decodeTimes = new List<ulong>();
        for (var i = 0; i < 3; i++)
        {
            var message = await reader.ReadAsync();
            Assert.False(message.IsInitSegment);
            Assert.Equal(i, message.CaptureTimestamp); // TestStream captures frame n at tick n
            var bytes = message.Bytes.ToArray();
            Assert.Equal(["moof", "mdat"], Mp4Box.List(bytes).Select(b => b.Type));
            decodeTimes.Add(Mp4Box.UInt64At(bytes, Mp4Box.Find(bytes, "moof/traf/tfdt").BodyOffset + 4));
        }
        Assert.Equal(decodeTimes.Order(), decodeTimes);
        Assert.Equal(decodeTimes.Distinct().Count(), decodeTimes.Count);
    }

    [Fact]
    public async Task A_keyframe_with_new_parameter_sets_is_preceded_by_a_new_init_segment()
    {
        using var hub = new StreamHub("front") { CanForceKeyframes = false };
        var stream = new TestStream(gopLength: 2);
        hub.Publish(stream.Next());
        using var reader = new FragmentedMp4Reader(hub, "viewer", CancellationToken.None);
        hub.Publish(stream.Next());
        Assert.True((await reader.ReadAsync()).IsInitSegment);
        Assert.False((await reader.ReadAsync()).IsInitSegment);
        Assert.False((await reader.ReadAsync()).IsInitSegment);

        stream.SetParameterSets(KnownParameterSets.Sps1920x1080High, KnownParameterSets.Pps1920x1080High);
        hub.Publish(stream.Next()); // an IDR

        var init = await reader.ReadAsync();
        Assert.True(init.IsInitSegment);
        Assert.Equal(1920, reader.Parameters!.SequenceParameterSet.Width);
        var fragment = (await reader.ReadAsync()).Bytes.ToArray();
        Assert.Equal(0x02000000u, Mp4Box.UInt32At(fragment, Mp4Box.Find(fragment, "moof/traf/trun").BodyOffset + 20));
    }

    [Fact]
    public async Task A_viewer_that_falls_behind_loses_its_own_frames_and_resumes_at_the_next_keyframe()
    {
        using var hub = new StreamHub("front") { CanForceKeyframes = false };
        var stream = new TestStream(gopLength: 5);
        hub.Publish(stream.Next());
        using var slow = new FragmentedMp4Reader(hub, "slow", CancellationToken.None, queueCapacity: 3);
        using var fast = new FragmentedMp4Reader(hub, "fast", CancellationToken.None, queueCapacity: 100);
        for (var i = 0; i < 4; i++)
            hub.Publish(stream.Next()); // frames 1..4: the slow queue fills at 2
        var slowCaptures = await CapturesOf(slow);
        for (var i = 0; i < 3; i++)
            hub.Publish(stream.Next()); // frames 5..7; 5 is an IDR
        slowCaptures.AddRange(await CapturesOf(slow));
        var fastCaptures = await CapturesOf(fast);

        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), fastCaptures);
        Assert.Equal([0L, 1L, 2L, 5L, 6L, 7L], slowCaptures); // 3 found the queue full, 4 could not be decoded without it
        Assert.Equal(2, slow.Subscriber.DroppedFrames);
        Assert.Equal(0, fast.Subscriber.DroppedFrames);
    }

    [Fact]
    public async Task Stopping_ends_a_pending_read_and_disposal_releases_every_unit()
    {
        var before = AccessUnit.OutstandingCount;
        using var hub = new StreamHub("front") { CanForceKeyframes = false };
        var stream = new TestStream();
        hub.Publish(stream.Next());
        using var stop = new CancellationTokenSource();
        var reader = new FragmentedMp4Reader(hub, "viewer", stop.Token);
        hub.Publish(stream.Next());
        Assert.True((await reader.ReadAsync()).IsInitSegment); // holds the keyframe for its fragment

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (true)
                await reader.ReadAsync();
        });
        reader.Dispose();
        hub.Complete();

        Assert.Equal(0, hub.ReaderCount);
        Assert.Equal(before, AccessUnit.OutstandingCount);
    }

    private static async Task<List<long>> CapturesOf(FragmentedMp4Reader reader)
    {
        var captures = new List<long>();
        while (reader.Subscriber.QueuedFrames > 0 || captures.Count == 0)
        {
            var message = await reader.ReadAsync();
            if (!message.IsInitSegment)
                captures.Add(message.CaptureTimestamp);
        }
        return captures;
    }
}

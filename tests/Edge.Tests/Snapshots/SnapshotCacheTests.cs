using Edge.Snapshots;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Tests.Snapshots;

public sealed class SnapshotCacheTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();

    /// <summary>A producer the test releases by hand, which records what it was asked and how many ran at once.</summary>
    private sealed class Producer
    {
        private readonly Lock _lock = new();
        private readonly List<(int? Width, TaskCompletionSource<Snapshot> Result)> _calls = [];
        private int _running;

        public int MostAtOnce { get; private set; }

        public int Calls
        {
            get
            {
                lock (_lock)
                    return _calls.Count;
            }
        }

        public Task<Snapshot> ProduceAsync(int? width, CancellationToken stopping)
        {
            var result = new TaskCompletionSource<Snapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                _calls.Add((width, result));
                MostAtOnce = Math.Max(MostAtOnce, ++_running);
            }
            return Finish(result.Task);
        }

        public async Task WaitForCallsAsync(int count)
        {
            var deadline = DateTime.UtcNow + Bound;
            while (Calls < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the producer was called {Calls} times, expected {count}");
                await Task.Delay(10);
            }
        }

        public int? WidthOf(int call)
        {
            lock (_lock)
                return _calls[call].Width;
        }

        public Snapshot Complete(int call, int width = 1280)
        {
            var snapshot = new Snapshot(new byte[] { 0xFF, 0xD8, (byte)call }, width, width * 9 / 16, call);
            TaskCompletionSource<Snapshot> result;
            lock (_lock)
                result = _calls[call].Result;
            result.SetResult(snapshot);
            return snapshot;
        }

        public void Fail(int call, string reason)
        {
            TaskCompletionSource<Snapshot> result;
            lock (_lock)
                result = _calls[call].Result;
            result.SetException(new SnapshotUnavailableException(reason));
        }

        private async Task<Snapshot> Finish(Task<Snapshot> result)
        {
            try
            {
                return await result;
            }
            finally
            {
                lock (_lock)
                    _running--;
            }
        }
    }

    private SnapshotCache Cache(Producer producer, CancellationToken stopping = default) =>
        new(producer.ProduceAsync, _time, stopping);

    [Fact]
    public async Task A_result_younger_than_half_a_second_is_reused_and_an_older_one_is_made_again()
    {
        var producer = new Producer();
        var cache = Cache(producer);

        var first = cache.GetAsync(null, CancellationToken.None);
        await producer.WaitForCallsAsync(1);
        var made = producer.Complete(0);
        Assert.Same(made, await first.WaitAsync(Bound));

        _time.Advance(TimeSpan.FromMilliseconds(499));
        var reused = cache.GetAsync(null, CancellationToken.None);
        Assert.True(reused.IsCompletedSuccessfully, "a young result is answered at once, from memory");
        Assert.Same(made, await reused);
        Assert.Equal(1, producer.Calls);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var fresh = cache.GetAsync(null, CancellationToken.None);
        await producer.WaitForCallsAsync(2);
        var remade = producer.Complete(1);
        Assert.Same(remade, await fresh.WaitAsync(Bound));
        Assert.Equal(2, cache.Produced);
    }

    [Fact]
    public async Task Concurrent_requests_for_one_size_share_one_encode()
    {
        var producer = new Producer();
        var cache = Cache(producer);

        var requests = Enumerable.Range(0, 10).Select(_ => cache.GetAsync(320, CancellationToken.None)).ToArray();
        await producer.WaitForCallsAsync(1);
        await Task.Delay(100); // time for a wrongly started second encode to show up
        Assert.Equal(1, producer.Calls);
        Assert.Equal(320, producer.WidthOf(0));
        var made = producer.Complete(0, 320);

        foreach (var request in requests)
            Assert.Same(made, await request.WaitAsync(Bound));
    }

    [Fact]
    public async Task Different_sizes_take_turns_one_encode_at_a_time()
    {
        var producer = new Producer();
        var cache = Cache(producer);

        var small = cache.GetAsync(160, CancellationToken.None);
        await producer.WaitForCallsAsync(1);
        var large = cache.GetAsync(640, CancellationToken.None);
        await Task.Delay(100);
        Assert.Equal(1, producer.Calls); // the second size waits for the first encode to end

        producer.Complete(0, 160);
        await producer.WaitForCallsAsync(2);
        Assert.Equal(640, producer.WidthOf(1));
        producer.Complete(1, 640);

        Assert.Equal(160, (await small.WaitAsync(Bound)).Width);
        Assert.Equal(640, (await large.WaitAsync(Bound)).Width);
        Assert.Equal(1, producer.MostAtOnce);
    }

    [Fact]
    public async Task Sizes_beyond_the_pending_bound_are_refused_with_a_retry_hint()
    {
        var producer = new Producer();
        var cache = Cache(producer);

        var pending = Enumerable.Range(1, SnapshotCache.DefaultMaxPending).Select(i => cache.GetAsync(i * 100, CancellationToken.None)).ToArray();
        await producer.WaitForCallsAsync(1);

        var refused = await Assert.ThrowsAsync<SnapshotUnavailableException>(() => cache.GetAsync(999, CancellationToken.None));
        Assert.Equal(1, refused.RetryAfterSeconds);
        Assert.Contains("already being made", refused.Message, StringComparison.Ordinal);
        // A size already pending is still shared, not refused.
        var shared = cache.GetAsync(100, CancellationToken.None);

        for (var call = 0; call < SnapshotCache.DefaultMaxPending; call++)
        {
            await producer.WaitForCallsAsync(call + 1);
            producer.Complete(call, producer.WidthOf(call)!.Value);
        }
        await Task.WhenAll(pending).WaitAsync(Bound);
        Assert.Equal(100, (await shared.WaitAsync(Bound)).Width);
        Assert.Equal(SnapshotCache.DefaultMaxPending, producer.Calls);
    }

    [Fact]
    public async Task A_failure_reaches_everyone_who_shared_it_and_is_not_kept()
    {
        var producer = new Producer();
        var cache = Cache(producer);

        var first = cache.GetAsync(null, CancellationToken.None);
        var second = cache.GetAsync(null, CancellationToken.None);
        await producer.WaitForCallsAsync(1);
        producer.Fail(0, "camera cam is stopped");

        Assert.Equal("camera cam is stopped", (await Assert.ThrowsAsync<SnapshotUnavailableException>(() => first.WaitAsync(Bound))).Message);
        Assert.Equal("camera cam is stopped", (await Assert.ThrowsAsync<SnapshotUnavailableException>(() => second.WaitAsync(Bound))).Message);

        var retry = cache.GetAsync(null, CancellationToken.None);
        await producer.WaitForCallsAsync(2);
        var made = producer.Complete(1);
        Assert.Same(made, await retry.WaitAsync(Bound));
    }

    [Fact]
    public async Task A_client_that_hangs_up_does_not_cancel_the_encode_others_wait_for()
    {
        var producer = new Producer();
        var cache = Cache(producer);
        using var hangUp = new CancellationTokenSource();

        var leaving = cache.GetAsync(null, hangUp.Token);
        var staying = cache.GetAsync(null, CancellationToken.None);
        await producer.WaitForCallsAsync(1);
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving.WaitAsync(Bound));

        var made = producer.Complete(0);
        Assert.Same(made, await staying.WaitAsync(Bound));
        Assert.Equal(1, producer.Calls);
    }

    [Fact]
    public async Task Only_a_few_sizes_are_kept()
    {
        var producer = new Producer();
        var cache = Cache(producer);
        for (var call = 0; call <= SnapshotCache.DefaultMaxPending; call++)
        {
            var request = cache.GetAsync(100 + call, CancellationToken.None);
            await producer.WaitForCallsAsync(call + 1);
            producer.Complete(call, 100 + call);
            await request.WaitAsync(Bound);
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        // The oldest size was dropped to keep the bound: asking for it again encodes again.
        var again = cache.GetAsync(100, CancellationToken.None);
        await producer.WaitForCallsAsync(SnapshotCache.DefaultMaxPending + 2);
        producer.Complete(SnapshotCache.DefaultMaxPending + 1, 100);
        await again.WaitAsync(Bound);
        // The newest is still answered from memory.
        Assert.True(cache.GetAsync(100 + SnapshotCache.DefaultMaxPending, CancellationToken.None).IsCompletedSuccessfully);
    }
}

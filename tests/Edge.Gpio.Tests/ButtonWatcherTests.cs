using Edge.Gpio.Buttons;
using Edge.Gpio.Tests.Support;
using Edge.Linux.IO;
using Microsoft.Extensions.Logging;

namespace Edge.Gpio.Tests;

public sealed class ButtonWatcherTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan LongPress = TimeSpan.FromSeconds(5);

    private readonly ManualTimeProvider _time = new();
    private readonly ListLogger _logger = new();
    private readonly List<string> _presses = [];

    private (ButtonWatcher Watcher, FakeEdgeSource Source) Opened(bool initiallyPressed = false)
    {
        var source = new FakeEdgeSource(_time, initiallyPressed);
        var watcher = new ButtonWatcher(() => source, Debounce, LongPress, _time, _logger);
        watcher.ShortPress += () => _presses.Add("short");
        watcher.LongPress += () => _presses.Add("long");
        Assert.True(watcher.Open());
        return (watcher, source);
    }

    private static ulong Ns(double milliseconds) => (ulong)(milliseconds * 1_000_000);

    [Fact]
    public void AShortPress_RaisesShortPress()
    {
        var (watcher, source) = Opened();
        source.Edge(true, Ns(1000));
        Assert.True(watcher.Pump(ButtonWatcher.MaxWait));
        _time.Advance(TimeSpan.FromMilliseconds(200));
        source.Edge(false, Ns(1200));
        Assert.True(watcher.Pump(ButtonWatcher.MaxWait));
        Assert.Empty(_presses);                                  // the release has not settled yet

        Assert.True(watcher.Pump(ButtonWatcher.MaxWait));        // waits out the debounce

        Assert.Equal(["short"], _presses);
        Assert.Contains("button: short press", _logger.Entries.Select(e => e.Message));
    }

    [Fact]
    public void WaitsAreBoundedByTheNextDeadline()
    {
        var (watcher, source) = Opened();
        watcher.Pump(ButtonWatcher.MaxWait);
        Assert.Equal(ButtonWatcher.MaxWait, source.Timeouts[^1]);    // idle: the longest wait

        source.Edge(true, Ns(0));
        watcher.Pump(ButtonWatcher.MaxWait);
        watcher.Pump(ButtonWatcher.MaxWait);
        Assert.Equal(Debounce, source.Timeouts[^1]);                 // then exactly the debounce
    }

    [Fact]
    public void HoldingTheButton_RaisesLongPressAfterFiveSeconds_WithoutWaitingForTheRelease()
    {
        var (watcher, source) = Opened();
        source.Edge(true, Ns(0));
        var pumps = 0;
        while (_presses.Count == 0 && pumps++ < 100)
            watcher.Pump(ButtonWatcher.MaxWait);

        Assert.Equal(["long"], _presses);
        Assert.Equal(LongPress, _time.GetElapsedTime(TimeSpan.FromHours(3).Ticks));    // raised at 5 s, not later

        source.Edge(false, Ns(7000));
        watcher.Pump(ButtonWatcher.MaxWait);
        watcher.Pump(ButtonWatcher.MaxWait);
        Assert.Equal(["long"], _presses);
    }

    [Fact]
    public void APressAndReleaseReadInOneBatch_KeepTheirKernelSpacing()
    {
        var (watcher, source) = Opened();
        source.Edge(true, Ns(10_000));
        source.Edge(false, Ns(10_250));                          // held 250 ms, both read at once
        watcher.Pump(ButtonWatcher.MaxWait);
        watcher.Pump(ButtonWatcher.MaxWait);
        Assert.Equal(["short"], _presses);
    }

    [Fact]
    public void BouncesReadInOneBatch_AreFiltered()
    {
        var (watcher, source) = Opened();
        source.Edge(true, Ns(0));
        source.Edge(false, Ns(1));
        source.Edge(true, Ns(3));
        source.Edge(false, Ns(4));                               // settles released: nothing happened
        for (var i = 0; i < 5; i++)
            watcher.Pump(ButtonWatcher.MaxWait);
        Assert.Empty(_presses);
    }

    [Fact]
    public void AButtonHeldAtStart_IsNotAPress()
    {
        var (watcher, _) = Opened(initiallyPressed: true);
        for (var i = 0; i < 40; i++)
            watcher.Pump(ButtonWatcher.MaxWait);                  // 8 s
        Assert.Empty(_presses);
    }

    [Fact]
    public void ALineThatFails_IsLoggedOnce_AndTheWatcherStops()
    {
        var (watcher, source) = Opened();
        source.FailWith = new LinuxIOException("/dev/gpiochip0 line GPIO22", "poll", 19);

        Assert.False(watcher.Pump(ButtonWatcher.MaxWait));
        Assert.False(watcher.Pump(ButtonWatcher.MaxWait));

        Assert.True(watcher.IsDegraded);
        Assert.Equal(1, source.Waits);
        var warning = Assert.Single(_logger.AtLeast(LogLevel.Warning));
        Assert.Contains("/dev/gpiochip0 line GPIO22", warning, StringComparison.Ordinal);
        watcher.Stop();
        Assert.True(source.Disposed);
    }

    [Fact]
    public void ALineThatCannotBeOpened_IsLoggedOnce_AndStartDoesNotThrow()
    {
        var watcher = new ButtonWatcher(
            () => throw new GpioException("button.line: line \"GPIO99\" not found on gpiochip0 [pinctrl-bcm2711] (58 lines)"),
            Debounce, LongPress, _time, _logger);
        watcher.Start();
        watcher.Stop();
        Assert.True(watcher.IsDegraded);
        Assert.Contains("GPIO99", Assert.Single(_logger.AtLeast(LogLevel.Warning)), StringComparison.Ordinal);
    }

    [Fact]
    public void AHandlerThatThrows_IsLogged_AndTheWatcherCarriesOn()
    {
        var (watcher, source) = Opened();
        watcher.ShortPress += () => throw new InvalidOperationException("keyframe request failed");
        source.Edge(true, Ns(0));
        watcher.Pump(ButtonWatcher.MaxWait);
        watcher.Pump(ButtonWatcher.MaxWait);                    // the press settles
        _time.Advance(TimeSpan.FromMilliseconds(100));
        source.Edge(false, Ns(130));
        watcher.Pump(ButtonWatcher.MaxWait);
        Assert.True(watcher.Pump(ButtonWatcher.MaxWait));
        Assert.Equal(["short"], _presses);
        Assert.Single(_logger.AtLeast(LogLevel.Error));
        Assert.False(watcher.IsDegraded);
    }

    [Fact]
    public void Create_WithAMissingChip_DegradesWithTheChipError()
    {
        var dev = Directory.CreateTempSubdirectory("edge-gpio-dev-");
        try
        {
            var config = new Edge.Config.ButtonConfig { Line = new Edge.Config.GpioLineRef("GPIO22", null) };
            using var watcher = ButtonWatcher.Create(config, _time, _logger, dev.FullName);
            watcher.Start();
            Assert.True(watcher.IsDegraded);
            Assert.Contains("GPIO chip \"gpiochip0\" not found", Assert.Single(_logger.AtLeast(LogLevel.Warning)), StringComparison.Ordinal);
        }
        finally
        {
            dev.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheRealThread_StopsPromptly()
    {
        var source = new RealTimeIdleSource();
        var watcher = new ButtonWatcher(() => source, Debounce, LongPress, TimeProvider.System, _logger);
        watcher.Start();
        Assert.True(SpinWait.SpinUntil(() => source.ThreadName is not null, TimeSpan.FromSeconds(5)));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        watcher.Stop();
        Assert.InRange(clock.Elapsed.TotalMilliseconds, 0, ButtonWatcher.MaxWait.TotalMilliseconds + 300);
        Assert.True(source.Disposed);
        Assert.Equal("edge-button", source.ThreadName);
    }

    /// <summary>Never has an edge; waits in real time like poll(2).</summary>
    private sealed class RealTimeIdleSource : IGpioEdgeSource
    {
        private readonly ManualResetEventSlim _never = new();
        private string? _threadName;

        public bool Disposed { get; private set; }

        public string? ThreadName => Volatile.Read(ref _threadName);

        public bool ReadValue() => false;

        public int WaitForEdges(Span<GpioEdgeEvent> events, TimeSpan timeout)
        {
            Volatile.Write(ref _threadName, Thread.CurrentThread.Name);
            _never.Wait(timeout);
            return 0;
        }

        public void Dispose()
        {
            Disposed = true;
            _never.Dispose();
        }
    }
}

using System.Device.Gpio;
using Edge.Gpio.Buttons;
using Edge.Gpio.Tests.Support;
using Edge.Linux.IO;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Gpio.Tests;

/// <summary>
/// The watcher on a real <see cref="GpioController"/> over a fake driver, on a fake clock: edges
/// arrive as the driver's callbacks, and the debounce and long-press timers fire when the test
/// moves the clock.
/// </summary>
public sealed class ButtonWatcherTests
{
    private const int Pin = 22;
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan LongPress = TimeSpan.FromSeconds(5);

    // Near the clock's zero: its timestamps, in nanoseconds as the kernel's are, then fit in 64 bits.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(1, 1, 1, 3, 0, 0, TimeSpan.Zero));
    private readonly ListLogger _logger = new();
    private readonly List<(string Press, TimeSpan At)> _presses = [];

    private (ButtonWatcher Watcher, FakeGpioDriver Driver) Started(bool initiallyPressed = false)
    {
        var driver = new FakeGpioDriver(_time, Pin);
        driver.SetLevel(Pin, initiallyPressed);
        var watcher = new ButtonWatcher(() => Line(driver), Debounce, LongPress, _time, _logger);
        watcher.ShortPress += () => _presses.Add(("short", driver.Now));
        watcher.LongPress += () => _presses.Add(("long", driver.Now));
        watcher.Start();
        Assert.False(watcher.IsDegraded);
        Assert.Equal(1, driver.CallbackCount);
        return (watcher, driver);
    }

    private static ButtonLine Line(FakeGpioDriver driver)
    {
        var controller = new GpioController(driver);
        controller.OpenPin(Pin, PinMode.InputPullUp);
        return new ButtonLine(controller, Pin);
    }

    private string[] Presses => [.. _presses.Select(p => p.Press)];

    [Fact]
    public void AShortPress_IsRaisedOnceTheReleaseHasSettled()
    {
        var (_, driver) = Started();
        driver.RaiseEdge(Pin, rising: true, driver.Now);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        driver.RaiseEdge(Pin, rising: false, driver.Now);
        Assert.Empty(_presses);                                   // the release has not settled yet

        _time.Advance(Debounce);                                  // the debounce timer fires

        Assert.Equal(["short"], Presses);
        Assert.Contains("button: short press", _logger.Entries.Select(e => e.Message));
    }

    [Fact]
    public void HoldingTheButton_RaisesLongPressAtFiveSeconds_WithoutWaitingForTheRelease()
    {
        var (_, driver) = Started();
        var pressedAt = driver.Now;
        driver.RaiseEdge(Pin, rising: true, pressedAt);

        _time.Advance(LongPress - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_presses);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["long"], Presses);
        Assert.Equal(pressedAt + LongPress, _presses[0].At);     // raised by its timer at 5 s, not later

        _time.Advance(TimeSpan.FromSeconds(2));
        driver.RaiseEdge(Pin, rising: false, driver.Now);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["long"], Presses);                          // the release of a long press reports nothing
    }

    [Fact]
    public void EdgesReadTogether_AreTimedByTheKernelsTimestamps()
    {
        var (_, driver) = Started();
        _time.Advance(TimeSpan.FromSeconds(10));
        var now = driver.Now;
        // Held 250 ms, both edges read only now (the reader was late): still a short press, at once.
        driver.RaiseEdge(Pin, rising: true, now - TimeSpan.FromMilliseconds(300));
        driver.RaiseEdge(Pin, rising: false, now - TimeSpan.FromMilliseconds(50));
        Assert.Equal(["short"], Presses);
    }

    [Fact]
    public void APressHeldLongerThanTheLongPress_ReadLate_IsALongPress()
    {
        var (_, driver) = Started();
        _time.Advance(TimeSpan.FromSeconds(10));
        driver.RaiseEdge(Pin, rising: true, driver.Now - TimeSpan.FromSeconds(6));
        Assert.Equal(["long"], Presses);
    }

    [Fact]
    public void ATimestampOnAnotherClock_PlacesTheEdgeWhenItArrives()
    {
        var (_, driver) = Started();
        _time.Advance(TimeSpan.FromSeconds(10));
        driver.RaiseEdge(Pin, rising: true, driver.Now + TimeSpan.FromHours(1));     // from the future
        _time.Advance(TimeSpan.FromMilliseconds(100));
        driver.RaiseEdge(Pin, rising: false, TimeSpan.FromTicks(1));                // from long ago
        _time.Advance(Debounce);
        Assert.Equal(["short"], Presses);
    }

    [Fact]
    public void Bounces_AreFiltered()
    {
        var (_, driver) = Started();
        var t = driver.Now;
        driver.RaiseEdge(Pin, rising: true, t);
        driver.RaiseEdge(Pin, rising: false, t + TimeSpan.FromMilliseconds(1));
        driver.RaiseEdge(Pin, rising: true, t + TimeSpan.FromMilliseconds(3));
        driver.RaiseEdge(Pin, rising: false, t + TimeSpan.FromMilliseconds(4));     // settles released: nothing happened
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Empty(_presses);
    }

    [Fact]
    public void AButtonHeldAtStart_IsNotAPress()
    {
        Started(initiallyPressed: true);
        _time.Advance(TimeSpan.FromSeconds(8));
        Assert.Empty(_presses);
    }

    [Fact]
    public void ALineThatFails_IsLoggedOnce_AndTheWatcherStops()
    {
        var (watcher, driver) = Started();
        driver.FailLine(Pin, new LinuxIOException("/dev/gpiochip0 line GPIO22", "poll", 19));
        driver.RaiseEdge(Pin, rising: true, driver.Now);
        _time.Advance(TimeSpan.FromSeconds(6));

        Assert.True(watcher.IsDegraded);
        Assert.Empty(_presses);
        var warning = Assert.Single(_logger.AtLeast(LogLevel.Warning));
        Assert.Contains("/dev/gpiochip0 line GPIO22", warning, StringComparison.Ordinal);
        watcher.Stop();
        Assert.True(driver.Disposed);
    }

    [Fact]
    public void Stop_ReleasesTheLine_AndLaterEdgesDoNothing()
    {
        var (watcher, driver) = Started();
        driver.RaiseEdge(Pin, rising: true, driver.Now);
        watcher.Stop();

        Assert.True(driver.Disposed);
        Assert.Empty(driver.OpenPins);
        _time.Advance(TimeSpan.FromSeconds(6));                  // the long-press timer is gone too
        Assert.Empty(_presses);
        watcher.Stop();                                           // idempotent
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
        var (watcher, driver) = Started();
        watcher.ShortPress += () => throw new InvalidOperationException("keyframe request failed");
        for (var i = 0; i < 2; i++)
        {
            driver.RaiseEdge(Pin, rising: true, driver.Now);
            _time.Advance(TimeSpan.FromMilliseconds(100));
            driver.RaiseEdge(Pin, rising: false, driver.Now);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }
        Assert.Equal(["short", "short"], Presses);
        Assert.Equal(2, _logger.AtLeast(LogLevel.Error).Count);
        Assert.False(watcher.IsDegraded);
    }

    [Fact]
    public void Create_WithAMissingChip_DegradesWithTheChipError()
    {
        var dev = Directory.CreateTempSubdirectory("edge-gpio-dev-");
        try
        {
            var options = new ButtonOptions("gpiochip0", GpioLineId.Named("GPIO22"), "button.line", ActiveLow: true, Debounce, LongPress);
            using var watcher = ButtonWatcher.Create(options, _time, _logger, dev.FullName);
            watcher.Start();
            Assert.True(watcher.IsDegraded);
            Assert.Contains("GPIO chip \"gpiochip0\" not found", Assert.Single(_logger.AtLeast(LogLevel.Warning)), StringComparison.Ordinal);
        }
        finally
        {
            dev.Delete(recursive: true);
        }
    }
}

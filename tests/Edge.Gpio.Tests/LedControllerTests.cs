using System.Device.Gpio;
using Edge.Gpio.Leds;
using Edge.Gpio.Tests.Support;
using Edge.Linux.IO;
using Edge.Media.Health;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Gpio.Tests;

public sealed class LedControllerTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    private static readonly int[] Pins = [17, 27, 23];

    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger _logger = new();
    private readonly HealthModel _health;

    public LedControllerTests()
    {
        _health = new HealthModel(_time);
    }

    /// <summary>The LEDs' pins open as outputs on a real controller over <paramref name="driver"/>.</summary>
    internal static LedOutputs Outputs(FakeGpioDriver driver, IReadOnlyList<int> pins)
    {
        var controller = new GpioController(driver);
        foreach (var pin in pins)
            controller.OpenPin(pin, PinMode.Output, PinValue.Low);
        return new LedOutputs(controller, pins);
    }

    private (LedController Controller, FakeGpioDriver Lines, long Start) Started(params LedRole[] roles)
    {
        var pins = Pins[..roles.Length];
        var lines = new FakeGpioDriver(_time, pins);
        var controller = new LedController(roles, () => Outputs(lines, pins), _health, _time, _logger);
        var start = _time.GetTimestamp();
        Assert.True(controller.OpenLines());
        return (controller, lines, start);
    }

    /// <summary>Ticks every 50 ms for <paramref name="duration"/>, as a periodic timer would.</summary>
    private void RunFor(LedController controller, TimeSpan duration)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Tick)
        {
            controller.Tick();
            _time.Advance(Tick);
        }
    }

    /// <summary>When (ms after start) each write happened, and the state bit <paramref name="bit"/> it left.</summary>
    private static List<(double At, bool On)> Changes(FakeGpioDriver lines, long start, int bit) =>
        lines.Writes
            .Where(w => (w.Mask & (1UL << bit)) != 0)
            .Select(w => ((w.At - TimeSpan.FromTicks(start)).TotalMilliseconds, (w.State & (1UL << bit)) != 0))
            .ToList();

    [Fact]
    public void Starting_SlowBlinksTheStatusLed_TogglingEverySecondWithinOneTick()
    {
        _health.SetCamera("front", CameraState.Starting, "");
        var (controller, lines, start) = Started(LedRole.Status);

        RunFor(controller, TimeSpan.FromSeconds(6));

        var changes = Changes(lines, start, 0);
        Assert.Equal(6, changes.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            Assert.Equal(i % 2 == 0, changes[i].On);
            Assert.InRange(changes[i].At, i * 1000.0, (i * 1000.0) + Tick.TotalMilliseconds);
        }
    }

    [Fact]
    public void SchedulingAtTheNextEdge_HitsEveryEdgeExactly()
    {
        _health.SetCamera("front", CameraState.Failed, "unplugged");
        var (controller, lines, start) = Started(LedRole.Status);

        var elapsed = TimeSpan.Zero;
        while (elapsed < TimeSpan.FromMilliseconds(3200))
        {
            var wait = controller.Tick();
            _time.Advance(wait);
            elapsed += wait;
        }

        Assert.Equal(
            [(0, true), (150, false), (300, true), (450, false), (1600, true), (1750, false), (1900, true), (2050, false)],
            Changes(lines, start, 0));
    }

    [Fact]
    public void Tick_ReturnsTheTimeToTheNextEdge_AtMostOneSecond()
    {
        _health.SetFatalError("edge.toml:3:1: bad key");
        var (controller, _, _) = Started(LedRole.Status, LedRole.Clients);
        Assert.Equal(TimeSpan.FromMilliseconds(100), controller.Tick());
        _time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal(TimeSpan.FromMilliseconds(70), controller.Tick());

        var solid = new LedController([LedRole.Clients], () => Outputs(new FakeGpioDriver(_time, 23), [23]), _health, _time, _logger);
        Assert.True(solid.OpenLines());
        Assert.Equal(LedController.MaxWait, solid.Tick());
    }

    [Fact]
    public void EveryCameraStreaming_IsSolid_AndWrittenOnce()
    {
        _health.SetCamera("front", CameraState.Streaming, "720p30");
        _health.SetCamera("back", CameraState.Streaming, "720p30");
        var (controller, lines, _) = Started(LedRole.Status, LedRole.Upstream);

        RunFor(controller, TimeSpan.FromSeconds(5));

        var write = Assert.Single(lines.Writes);
        Assert.Equal(0b11UL, write.Mask);       // the first write sets every line
        Assert.Equal(0b01UL, write.State);      // status on, upstream off (no push configured)
        Assert.Same(LedPattern.On, controller.PatternOf(LedRole.Status));
        Assert.Same(LedPattern.Off, controller.PatternOf(LedRole.Upstream));
    }

    [Fact]
    public void OnlyChangedLinesAreWritten()
    {
        _health.SetCamera("front", CameraState.Streaming, "");
        _health.SetPush("front → rtmp://example/live/****", PushState.Connecting, "", 0);
        var (controller, lines, _) = Started(LedRole.Status, LedRole.Upstream, LedRole.Clients);

        RunFor(controller, TimeSpan.FromSeconds(3));

        var writes = lines.Writes;
        Assert.Equal(0b111UL, writes[0].Mask);
        Assert.Equal(0b011UL, writes[0].State);
        Assert.Equal(6, writes.Count);                        // upstream blinks 500/500: 5 toggles after the first write
        Assert.All(writes.Skip(1), w => Assert.Equal(0b010UL, w.Mask));
    }

    [Fact]
    public void AHealthChange_SwitchesThePatternAtTheNextTick_AndRestartsItsTimeline()
    {
        _health.SetCamera("front", CameraState.Starting, "");
        var (controller, lines, start) = Started(LedRole.Status);
        RunFor(controller, TimeSpan.FromMilliseconds(1500));          // slow blink: off since 1000 ms
        Assert.Equal(0UL, lines.State);

        _health.SetCamera("front", CameraState.Failed, "VIDIOC_DQBUF: No such device");
        RunFor(controller, TimeSpan.FromMilliseconds(500));

        Assert.Same(LedPattern.DoubleBlink, controller.PatternOf(LedRole.Status));
        var changes = Changes(lines, start, 0).Where(c => c.At >= 1500).ToList();
        Assert.Equal([(1500, true), (1650, false), (1800, true), (1950, false)], changes);
    }

    [Fact]
    public void FatalError_FastBlinks()
    {
        _health.SetCamera("front", CameraState.Streaming, "");
        _health.SetFatalError("rtsp.listen: address 0.0.0.0:8554 already in use");
        var (controller, lines, start) = Started(LedRole.Status);

        var elapsed = TimeSpan.Zero;
        while (elapsed < TimeSpan.FromSeconds(1))
        {
            var wait = controller.Tick();
            _time.Advance(wait);
            elapsed += wait;
        }

        var changes = Changes(lines, start, 0);
        Assert.Equal(10, changes.Count);
        Assert.All(changes, (c, i) => Assert.Equal((i * 100.0, i % 2 == 0), c));
    }

    [Fact]
    public void ClientsLed_FollowsTheAudience()
    {
        var (controller, lines, _) = Started(LedRole.Clients);
        controller.Tick();
        Assert.Equal(0UL, lines.State);
        _health.RtspClientStarted();
        controller.Tick();
        Assert.Equal(1UL, lines.State);
        _health.RtspClientStopped();
        controller.Tick();
        Assert.Equal(0UL, lines.State);
    }

    [Fact]
    public void Stop_TurnsEveryLedOff_AndReleasesTheLines()
    {
        _health.SetCamera("front", CameraState.Streaming, "");
        _health.SetPush("p", PushState.Live, "", 0);
        _health.RtspClientStarted();
        var (controller, lines, _) = Started(LedRole.Status, LedRole.Upstream, LedRole.Clients);
        controller.Tick();
        Assert.Equal(0b111UL, lines.State);

        controller.Stop();

        Assert.Equal(0UL, lines.State);
        Assert.Equal(0b111UL, lines.Writes[^1].Mask);
        Assert.True(lines.Disposed);
        Assert.Same(LedPattern.Off, controller.PatternOf(LedRole.Status));
        _health.SetCamera("front", CameraState.Failed, "");    // no longer watched
        controller.Stop();                                     // idempotent
        controller.Dispose();
    }

    [Fact]
    public void LinesThatCannotBeOpened_AreLoggedOnce_AndNothingThrows()
    {
        var controller = new LedController(
            [LedRole.Status],
            () => throw new GpioException("line GPIO17 on gpiochip0 is used by \"sysfs\"; free it or pick another line", "gpiochip0", 16),
            _health, _time, _logger);

        controller.Start();
        _health.SetCamera("front", CameraState.Failed, "");
        RunFor(controller, TimeSpan.FromSeconds(2));
        controller.Stop();

        Assert.True(controller.IsDegraded);
        var warning = Assert.Single(_logger.AtLeast(LogLevel.Warning));
        Assert.Contains("line GPIO17 on gpiochip0 is used by \"sysfs\"; free it or pick another line", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void AWriteThatFails_IsLoggedOnce_ThenTheControllerStopsWriting()
    {
        _health.SetFatalError("bad config");
        var (controller, lines, _) = Started(LedRole.Status);
        RunFor(controller, TimeSpan.FromMilliseconds(300));
        lines.FailWith = new LinuxIOException("/dev/gpiochip0 line GPIO17", "GPIO_V2_LINE_SET_VALUES_IOCTL", 19);

        RunFor(controller, TimeSpan.FromSeconds(3));
        controller.Stop();

        Assert.True(controller.IsDegraded);
        Assert.Equal(1, lines.FailedWrites);
        Assert.True(lines.Disposed);
        var warning = Assert.Single(_logger.AtLeast(LogLevel.Warning));
        Assert.Contains("GPIO_V2_LINE_SET_VALUES_IOCTL", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithAMissingChip_DegradesWithTheChipError()
    {
        var dev = Directory.CreateTempSubdirectory("edge-gpio-dev-");
        try
        {
            var options = new StatusLedOptions("pinctrl-rp1", ActiveLow: false, [
                new StatusLed(LedRole.Status, GpioLineId.Named("GPIO17"), "leds.status"),
                new StatusLed(LedRole.Upstream, GpioLineId.At(27), "leds.upstream")]);
            var controller = LedController.Create(options, _health, _time, _logger, dev.FullName);
            Assert.Equal([LedRole.Status, LedRole.Upstream], controller.Roles);

            controller.Start();
            controller.Stop();

            Assert.True(controller.IsDegraded);
            var warning = Assert.Single(_logger.AtLeast(LogLevel.Warning));
            Assert.Contains("GPIO chip \"pinctrl-rp1\" not found; there are no GPIO chips in", warning, StringComparison.Ordinal);
        }
        finally
        {
            dev.Delete(recursive: true);
        }
    }

    [Fact]
    public void Create_WithNoLinesConfigured_DoesNothing()
    {
        var controller = LedController.Create(new StatusLedOptions("gpiochip0", ActiveLow: false, []), _health, _time, _logger, "/nonexistent");
        Assert.Empty(controller.Roles);
        controller.Start();
        controller.Stop();
        Assert.False(controller.IsDegraded);
        Assert.Empty(_logger.Entries);
    }
}

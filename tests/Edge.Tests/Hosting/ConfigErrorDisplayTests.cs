using System.Device.Gpio;
using Edge.Config;
using Edge.Gpio;
using Edge.Gpio.Leds;
using Edge.Hosting;
using Edge.Media.Health;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Tests.Hosting;

/// <summary>
/// A broken config with a status LED wired: the LED fast-blinks, and edit the file into a valid
/// one and the display hands the new config back. Runs on a fake clock: the LED's edges and the
/// file polls happen exactly when the test moves it.
/// </summary>
public sealed class ConfigErrorDisplayTests : IDisposable
{
    private const string Broken = "[camera.front]\nfps = 500\n[leds]\nstatus = 17\n";
    private const string StillBroken = "[camera.front]\nwidht = 640\n[leds]\nstatus = 17\n";
    private const string Fixed = "[camera.front]\nsource = \"test\"\nfps = 25\n[leds]\nstatus = 17\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-config-error-").FullName;
    private readonly string _path;
    /// <summary>How long the LED thread and the poll loop get to act on a move of the clock.</summary>
    private static readonly TimeSpan Reacts = TimeSpan.FromSeconds(5);

    private readonly RecordingLine _line = new();
    private readonly FakeTimeProvider _time = new();
    private readonly HealthModel _health;

    public ConfigErrorDisplayTests()
    {
        _health = new HealthModel(_time);
        _path = Path.Combine(_dir, "edge.toml");
        File.WriteAllText(_path, Broken);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ConfigErrorDisplay Display(Func<LedOutputs> open) =>
        new(_path, _health, new LedController([LedRole.Status], open, _health, _time, NullLogger.Instance),
            new SystemdNotifications(LibraryNotifier.For(null), NullLogger<SystemdNotifications>.Instance), new SystemdWatchdog(null),
            _time, NullLogger.Instance);

    /// <summary>The LED's line, pin 17, as an output on a real controller over the recording driver.</summary>
    private LedOutputs OpenLine()
    {
        var controller = new GpioController(_line);
        controller.OpenPin(17, PinMode.Output, PinValue.Low);
        return new LedOutputs(controller, [17]);
    }

    private IReadOnlyList<ConfigError> Errors() => ConfigLoader.LoadFile(_path).Errors;

    [Fact]
    public async Task BrokenConfig_FastBlinksUntilTheFileIsFixed_ThenReturnsTheFixedConfig()
    {
        using var display = Display(OpenLine);
        Assert.True(display.Start(Errors()));
        Assert.StartsWith("config error: " + _path + ":2:7: camera.front.fps must be between 1 and 120", _health.FatalError, StringComparison.Ordinal);

        // Fast blink is 100 ms on, 100 ms off: each 100 ms of the clock is one more edge.
        Assert.True(SpinWait.SpinUntil(() => _line.Edges == 1, Reacts), "the LED was not lit");
        for (var edge = 2; edge <= 6; edge++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            Assert.True(SpinWait.SpinUntil(() => _line.Edges == edge, Reacts), $"edge {edge} was not written");
        }

        using var timeout = new CancellationTokenSource(Reacts);
        var waiting = display.WaitForFixAsync(timeout.Token);
        await File.WriteAllTextAsync(_path, StillBroken);
        _time.Advance(ConfigErrorDisplay.PollInterval);
        await WaitUntil(() => _health.FatalError?.Contains("widht", StringComparison.Ordinal) == true);
        Assert.False(waiting.IsCompleted);

        await File.WriteAllTextAsync(_path, Fixed);
        _time.Advance(ConfigErrorDisplay.PollInterval);
        var config = await waiting;

        Assert.NotNull(config);
        Assert.Equal(25, Assert.Single(config.Cameras).Fps);
        display.Dispose();
        Assert.True(_line.Disposed);
        Assert.False(_line.On, "the LED is left off for the daemon's own LED service to take over");
    }

    [Fact]
    public async Task Stop_WhileShowingTheError_ReturnsNothing_AndTurnsTheLedOff()
    {
        using var display = Display(OpenLine);
        Assert.True(display.Start(Errors()));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500), _time);
        var waiting = display.WaitForFixAsync(stop.Token);
        Assert.False(waiting.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Null(await waiting.WaitAsync(Reacts));
        display.Dispose();
        Assert.False(_line.On);
        Assert.True(_line.Disposed);
    }

    [Fact]
    public void NoUsableLed_MeansNothingToShow()
    {
        using var display = Display(() => throw new IOException("gpiochip0: no such device"));

        Assert.False(display.Start(Errors()));
    }

    [Fact]
    public async Task UnderSystemd_WithoutAnLed_WaitsForTheFix_FeedingTheWatchdog()
    {
        // systemd does not restart an exit 78: a board whose edge.toml is fixed later (on the
        // card's FAT partition) must find edge waiting, its error in systemctl status, and not
        // killed by the watchdog meanwhile.
        using var systemd = new NotifySocket();
        using var display = new ConfigErrorDisplay(_path, _health, leds: null,
            new SystemdNotifications(LibraryNotifier.For(systemd.Path), NullLogger<SystemdNotifications>.Instance),
            new SystemdWatchdog(2 * ConfigErrorDisplay.PollInterval), _time, NullLogger.Instance);
        Assert.True(display.Start(Errors()));
        Assert.StartsWith("config error: " + _path + ":2:7:", _health.FatalError, StringComparison.Ordinal);
        var ready = await systemd.WaitForAsync("READY=1", Reacts);
        Assert.Contains(ready, m => m.Contains("\nSTATUS=", StringComparison.Ordinal) && m.Contains("config error: " + _path + ":2:7:", StringComparison.Ordinal));

        using var timeout = new CancellationTokenSource(Reacts);
        var waiting = display.WaitForFixAsync(timeout.Token);
        await systemd.WaitForAsync("WATCHDOG=1", Reacts);           // at once
        _time.Advance(ConfigErrorDisplay.PollInterval);
        await systemd.WaitForAsync("WATCHDOG=1", Reacts);           // and on each poll of the unchanged file
        Assert.False(waiting.IsCompleted);

        await File.WriteAllTextAsync(_path, Fixed);
        _time.Advance(ConfigErrorDisplay.PollInterval);
        var config = await waiting;
        Assert.NotNull(config);
        Assert.Equal(25, Assert.Single(config.Cameras).Fps);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 50)
        {
            Assert.True(waited < 15_000, "condition not met within 15 s");
            await Task.Delay(50);
        }
    }

    /// <summary>A driver of one output line that counts its on/off edges.</summary>
    private sealed class RecordingLine : GpioDriver
    {
        private int _edges;
        private volatile bool _on;

        public int Edges => Volatile.Read(ref _edges);

        public bool On => _on;

        public bool Disposed { get; private set; }

        protected override int PinCount => 1;

        protected override void OpenPin(int pinNumber)
        {
        }

        protected override void ClosePin(int pinNumber)
        {
        }

        protected override void SetPinMode(int pinNumber, PinMode mode)
        {
        }

        protected override PinMode GetPinMode(int pinNumber) => PinMode.Output;

        protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => mode == PinMode.Output;

        protected override PinValue Read(int pinNumber) => _on ? PinValue.High : PinValue.Low;

        protected override void Write(int pinNumber, PinValue value)
        {
            var on = value == PinValue.High;
            if (on != _on)
            {
                _on = on;
                Interlocked.Increment(ref _edges);
            }
        }

        protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
            throw new NotSupportedException();

        protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
            throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}

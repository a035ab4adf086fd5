using System.Device.Gpio;
using Edge.Config;
using Edge.Gpio;
using Edge.Gpio.Leds;
using Edge.Hosting;
using Edge.Media.Health;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Tests.Hosting;

/// <summary>
/// A broken config with a status LED wired: the LED fast-blinks, and edit the file into a valid
/// one and the display hands the new config back. Runs on the real clock (the file poll is 2 s).
/// </summary>
public sealed class ConfigErrorDisplayTests : IDisposable
{
    private const string Broken = "[camera.front]\nfps = 500\n[leds]\nstatus = 17\n";
    private const string StillBroken = "[camera.front]\nwidht = 640\n[leds]\nstatus = 17\n";
    private const string Fixed = "[camera.front]\nsource = \"test\"\nfps = 25\n[leds]\nstatus = 17\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-config-error-").FullName;
    private readonly string _path;
    private readonly RecordingLine _line = new();
    private readonly HealthModel _health = new(TimeProvider.System);

    public ConfigErrorDisplayTests()
    {
        _path = Path.Combine(_dir, "edge.toml");
        File.WriteAllText(_path, Broken);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ConfigErrorDisplay Display(Func<LedOutputs> open) =>
        new(_path, _health, new LedController([LedRole.Status], open, _health, TimeProvider.System, NullLogger.Instance),
            new SystemdNotifications(LibraryNotifier.For(null), NullLogger<SystemdNotifications>.Instance), new SystemdWatchdog(null),
            TimeProvider.System, NullLogger.Instance);

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

        // Fast blink is 100 ms on, 100 ms off: a second holds about ten edges.
        await Task.Delay(1000);
        Assert.InRange(_line.Edges, 3, 20); // loose: the machine may be busy; the pattern timing has its own tests

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var waiting = display.WaitForFixAsync(timeout.Token);
        await File.WriteAllTextAsync(_path, StillBroken);
        await WaitUntil(() => _health.FatalError?.Contains("widht", StringComparison.Ordinal) == true);
        Assert.False(waiting.IsCompleted);

        await File.WriteAllTextAsync(_path, Fixed);
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
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        Assert.Null(await display.WaitForFixAsync(stop.Token));
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
    public async Task UnderSystemd_WithoutAnLed_WaitsForTheFix()
    {
        // systemd does not restart an exit 78: a board whose edge.toml is fixed later (on the
        // card's FAT partition) must find edge waiting, its error in systemctl status.
        using var systemd = new NotifySocket();
        using var display = new ConfigErrorDisplay(_path, _health, leds: null,
            new SystemdNotifications(LibraryNotifier.For(systemd.Path), NullLogger<SystemdNotifications>.Instance), new SystemdWatchdog(null),
            TimeProvider.System, NullLogger.Instance);
        Assert.True(display.Start(Errors()));
        Assert.StartsWith("config error: " + _path + ":2:7:", _health.FatalError, StringComparison.Ordinal);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var waiting = display.WaitForFixAsync(timeout.Token);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await File.WriteAllTextAsync(_path, Fixed);

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

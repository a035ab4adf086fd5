using Edge.Config;
using Edge.Display;
using Edge.Display.Tests.Support;
using Edge.Media.Health;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Tests.Display;

/// <summary>The display service against an emulated panel: it draws at start, redraws on a health change, and darkens at stop.</summary>
public sealed class DisplayServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task It_draws_at_start_redraws_when_the_health_changes_and_darkens_at_stop()
    {
        var (config, health) = PorchWithFrontStreaming();
        var device = new FakeI2cDevice(new Ssd1306Emulator());
        DisplayOptions? opened = null;
        using var service = new DisplayService(config, health, TimeProvider.System, NullLoggerFactory.Instance, options =>
        {
            opened = options;
            return StatusDisplay.Open(options, NullLogger.Instance, "edge.toml", _ => device);
        });

        await service.StartAsync(CancellationToken.None);
        await Until(() => device.Panel.DisplayOn);
        Assert.Equal(new DisplayOptions(3, 0x3D, DisplayRotation.Normal), opened);
        var drawn = device.Panel.DataBytes;

        health.RtspClientStarted("front");
        await Until(() => device.Panel.DataBytes > drawn);
        // One line changed, so one 8-row band (128 bytes) was sent, not the whole picture.
        Assert.Equal(drawn + 128, device.Panel.DataBytes);

        await service.StopAsync(CancellationToken.None);
        Assert.False(device.Panel.DisplayOn);
        Assert.True(device.Disposed);
    }

    [Fact]
    public async Task Without_a_display_table_nothing_is_opened()
    {
        var opened = false;
        using var service = new DisplayService(new EdgeConfig(), new HealthModel(TimeProvider.System), TimeProvider.System, NullLoggerFactory.Instance, _ =>
        {
            opened = true;
            return null;
        });

        await service.StartAsync(CancellationToken.None);
        await service.StopAsync(CancellationToken.None);

        Assert.False(opened);
    }

    [Fact]
    public async Task Without_a_panel_the_service_starts_and_stops_cleanly()
    {
        var config = new EdgeConfig { Display = new DisplayConfig() };
        var device = new FakeI2cDevice(new Ssd1306Emulator()) { Answering = false };
        using var service = new DisplayService(config, new HealthModel(TimeProvider.System), TimeProvider.System, NullLoggerFactory.Instance,
            options => StatusDisplay.Open(options, NullLogger.Instance, "edge.toml", _ => device));

        await service.StartAsync(CancellationToken.None);
        await Until(() => device.Writes > 0);
        await service.StopAsync(CancellationToken.None);

        Assert.True(device.Disposed);
    }

    [Fact]
    public async Task It_tells_the_status_page_its_panel_and_the_text_it_shows()
    {
        var (config, health) = PorchWithFrontStreaming();
        var device = new FakeI2cDevice(new Ssd1306Emulator());
        var state = new DisplayState();
        using var service = new DisplayService(config, health, TimeProvider.System, NullLoggerFactory.Instance,
            options => StatusDisplay.Open(options, NullLogger.Instance, "edge.toml", _ => device), state);

        await service.StartAsync(CancellationToken.None);
        await Until(() => state.Read()?.Lines.Count > 0);
        var shown = state.Read()!;
        Assert.Equal("SSD1306/SSD1309 128x64 OLED on I2C bus 3 address 0x3D", shown.Driver);
        Assert.Equal(Edge.Display.Rendering.StatusScreen.Lines, shown.Lines.Count);
        Assert.Equal("porch", shown.Lines[0]);
        Assert.Contains(shown.Lines, line => line.StartsWith("front", StringComparison.Ordinal) && line.Contains("streaming", StringComparison.Ordinal));
        Assert.Null(shown.Problem);

        // The panel stops answering: the page says so and keeps what it last showed.
        device.Answering = false;
        health.SetCamera("front", CameraState.Failed, "gone");
        await Until(() => state.Read()?.Problem is not null);
        Assert.StartsWith("stopped answering", state.Read()!.Problem, StringComparison.Ordinal);
        Assert.Equal(shown.Lines, state.Read()!.Lines);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_panel_that_cannot_be_opened_is_a_problem_on_the_status_page()
    {
        var config = new EdgeConfig { Display = new DisplayConfig { Bus = 7 } };
        var state = new DisplayState();
        using var service = new DisplayService(config, new HealthModel(TimeProvider.System), TimeProvider.System, NullLoggerFactory.Instance, _ => null, state);

        await service.StartAsync(CancellationToken.None);
        await Until(() => state.Read()?.Problem is not null);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal("SSD1306/SSD1309 128x64 OLED on I2C bus 7 address 0x3C", state.Read()!.Driver);
        Assert.Empty(state.Read()!.Lines);
    }

    [Theory]
    [InlineData(0, DisplayRotation.Normal)]
    [InlineData(180, DisplayRotation.UpsideDown)]
    public void The_config_maps_to_the_display_options(int degrees, DisplayRotation rotation)
    {
        Assert.Equal(new DisplayOptions(1, 0x3C, rotation), DisplayService.OptionsFor(new DisplayConfig { RotationDegrees = degrees }));
    }

    /// <summary>Box "porch", camera "front" streaming, a display on bus 3 at 0x3D.</summary>
    private static (EdgeConfig Config, HealthModel Health) PorchWithFrontStreaming()
    {
        var config = new EdgeConfig
        {
            Device = new DeviceConfig { Name = "porch" },
            Cameras = [new CameraConfig { Name = "front", Source = CameraSourceKind.Test }],
            Display = new DisplayConfig { Bus = 3, Address = 0x3D },
        };
        var health = new HealthModel(TimeProvider.System);
        health.SetCamera("front", CameraState.Streaming, "");
        return (config, health);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the display did not get there in time");
            await Task.Delay(20);
        }
    }
}

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
        var config = new EdgeConfig
        {
            Device = new DeviceConfig { Name = "porch" },
            Cameras = [new CameraConfig { Name = "front", Source = CameraSourceKind.Test }],
            Display = new DisplayConfig { Bus = 3, Address = 0x3D },
        };
        var health = new HealthModel(TimeProvider.System);
        health.SetCamera("front", CameraState.Streaming, "");
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

    [Theory]
    [InlineData(0, DisplayRotation.Normal)]
    [InlineData(180, DisplayRotation.UpsideDown)]
    public void The_config_maps_to_the_display_options(int degrees, DisplayRotation rotation)
    {
        Assert.Equal(new DisplayOptions(1, 0x3C, rotation), DisplayService.OptionsFor(new DisplayConfig { RotationDegrees = degrees }));
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

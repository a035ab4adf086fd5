using Edge.Display.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Edge.Display.Tests;

/// <summary>
/// The display end to end: a view goes in, I2C bytes come out of the fake device, and the
/// emulated SSD1306 turns them back into the picture on the glass, compared with a PNG.
/// </summary>
public sealed class StatusDisplayTests
{
    [Theory]
    [InlineData("two-cameras")]
    [InlineData("error")]
    [InlineData("no-network-many-cameras")]
    public void The_panel_shows_the_expected_picture(string name)
    {
        using var panel = new TestPanel();
        panel.Open.Show(View(name));

        Golden.AssertMatches(panel.Emulator.Glass(), name);
    }

    [Fact]
    public void Mounted_upside_down_the_picture_is_turned_by_half_a_turn()
    {
        using var upright = new TestPanel();
        using var turned = new TestPanel(DisplayRotation.UpsideDown);
        upright.Open.Show(StatusViews.TwoCameras);
        turned.Open.Show(StatusViews.TwoCameras);

        var expected = upright.Emulator.Glass().RotatedHalfTurn();
        Assert.Empty(expected.Differences(turned.Emulator.Glass()));
        Assert.True(expected.LitCount() > 500, "the picture should not be empty");
    }

    [Fact]
    public void The_same_view_again_sends_nothing()
    {
        using var panel = new TestPanel();
        panel.Open.Show(StatusViews.TwoCameras);
        var writes = panel.Device.Writes;

        panel.Open.Show(StatusViews.TwoCameras with { Addresses = ["192.168.1.23", "fd00::23"] });

        Assert.Equal(writes, panel.Device.Writes);
    }

    [Fact]
    public void A_changed_client_count_sends_only_the_band_it_is_in()
    {
        using var panel = new TestPanel();
        panel.Open.Show(StatusViews.TwoCameras);
        Assert.Equal(128 * 8, panel.Emulator.DataBytes);

        panel.Open.Show(StatusViews.TwoCameras with { Cameras = [new CameraLine("front", "streaming", 3), new CameraLine("garden", "starting", 0)] });

        Assert.Equal((128 * 8) + 128, panel.Emulator.DataBytes);
        using var fresh = new TestPanel();
        fresh.Open.Show(StatusViews.TwoCameras with { Cameras = [new CameraLine("front", "streaming", 3), new CameraLine("garden", "starting", 0)] });
        Assert.Empty(fresh.Emulator.Glass().Differences(panel.Emulator.Glass()));
    }

    [Fact]
    public void The_glass_stays_dark_until_the_first_picture_is_complete()
    {
        using var panel = new TestPanel();

        Assert.NotNull(panel.Display);
        Assert.False(panel.Emulator.DisplayOn);
        Assert.Equal(0, panel.Emulator.Glass().LitCount());
    }

    [Fact]
    public void No_panel_at_the_address_is_one_clear_log_line_and_no_display()
    {
        using var panel = new TestPanel(answering: false);

        Assert.Null(panel.Display);
        var line = Assert.Single(panel.Log.Entries);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("no panel at bus 1 address 0x3C", line.Message, StringComparison.Ordinal);
        Assert.Contains("i2cdetect -y 1", line.Message, StringComparison.Ordinal);
        Assert.True(panel.Device.Disposed, "the I2C device should be released");
    }

    [Fact]
    public void A_missing_bus_is_one_log_line_naming_the_fix()
    {
        var log = new Gpio.Tests.Support.ListLogger();
        var empty = Directory.CreateTempSubdirectory("edge-display-");
        try
        {
            var display = StatusDisplay.Open(new DisplayOptions(7), log, "/etc/edge/edge.toml", devDirectory: empty.FullName);

            Assert.Null(display);
            var line = Assert.Single(log.Entries);
            Assert.Contains("no I2C bus 7", line.Message, StringComparison.Ordinal);
            Assert.Contains("dtparam=i2c_arm=on", line.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete();
        }
    }

    [Fact]
    public void A_panel_that_stops_answering_is_said_once_and_redrawn_in_full_when_it_is_back()
    {
        using var panel = new TestPanel();
        panel.Open.Show(StatusViews.TwoCameras);
        panel.Device.Answering = false;

        panel.Open.Show(StatusViews.WithError);
        panel.Open.Show(StatusViews.NoNetworkManyCameras);
        Assert.Single(panel.Log.Entries, e => e.Message.Contains("stopped answering", StringComparison.Ordinal));

        // Power came back: the controller lost its settings, and its RAM holds noise.
        panel.Emulator.PowerCycle();
        panel.Device.Answering = true;
        panel.Open.Show(StatusViews.NoNetworkManyCameras);

        Assert.Single(panel.Log.Entries, e => e.Message.Contains("answers again", StringComparison.Ordinal));
        using var expected = new TestPanel();
        expected.Open.Show(StatusViews.NoNetworkManyCameras);
        Assert.Empty(expected.Emulator.Glass().Differences(panel.Emulator.Glass()));
    }

    [Fact]
    public void Stopping_darkens_the_panel_and_releases_the_bus()
    {
        var panel = new TestPanel();
        panel.Open.Show(StatusViews.TwoCameras);

        panel.Dispose();

        Assert.False(panel.Emulator.DisplayOn);
        Assert.True(panel.Device.Disposed);
    }

    private static StatusView View(string name) => name switch
    {
        "two-cameras" => StatusViews.TwoCameras,
        "error" => StatusViews.WithError,
        "no-network-many-cameras" => StatusViews.NoNetworkManyCameras,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}

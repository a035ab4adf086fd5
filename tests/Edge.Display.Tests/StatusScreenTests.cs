using Edge.Display.Rendering;

namespace Edge.Display.Tests;

public sealed class StatusScreenTests
{
    [Theory]
    [InlineData("front", "streaming", 2, "front    streaming  2")]
    [InlineData("a-very-long-camera-name", "streaming", 12, "a-very-~ streaming 12")]
    [InlineData("back", "failed", 0, "back        failed  0")]
    [InlineData("c", "streaming", 123, "c       streaming 123")]
    public void A_camera_line_is_name_state_and_clients_at_the_right_edge(string name, string state, int clients, string expected)
    {
        var text = StatusScreen.CameraText(new CameraLine(name, state, clients));

        Assert.Equal(expected, text);
        Assert.Equal(StatusScreen.Columns, text.Length);
    }

    [Fact]
    public void The_text_is_what_the_panel_shows_line_by_line()
    {
        var view = new StatusView("edge-cam", ["192.168.1.23"], [new CameraLine("front", "streaming", 2), new CameraLine("back", "failed", 0)], "live 1/1", "camera back: no such device");

        var text = StatusScreen.Text(view);

        Assert.Equal(
            ["edge-cam", "192.168.1.23", "front    streaming  2", "back        failed  0", "push live 1/1", "", "camera back: no such", "device"],
            text);
    }

    [Fact]
    public void A_long_error_is_wrapped_at_words_and_cut_at_two_lines()
    {
        var lines = StatusScreen.Wrap("camera front: /dev/video0 is gone (unplugged?) and more words here", 2);

        Assert.Equal(["camera front:", "/dev/video0 is gone ~"], lines);
    }

    [Fact]
    public void A_word_longer_than_a_line_is_split()
    {
        var lines = StatusScreen.Wrap("/very/long/path/to/a/device/node", 2);

        Assert.Equal(["/very/long/path/to/a/", "device/node"], lines);
    }

    [Fact]
    public void Text_that_fits_is_left_alone()
    {
        Assert.Equal("edge-cam", StatusScreen.Fit("edge-cam", 21));
        Assert.Equal("edge~", StatusScreen.Fit("edge-cam", 5));
    }
}

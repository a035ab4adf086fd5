using Edge.EndToEnd.Tests.Rtsp;
using Edge.EndToEnd.Tests.Support;

namespace Edge.EndToEnd.Tests.Daemon;

/// <summary>LEDs and a button configured on a board without them: logged once, streaming goes on.</summary>
public sealed class GpioDegradeTests
{
    [NoGpioChipFact]
    public async Task MissingGpioChip_IsLoggedOnce_AndTheCameraStillStreams()
    {
        await using var edge = await EdgeServer.StartAsync(TestCameras.One + """

            [leds]
            chip = "gpiochip0"
            status = "GPIO17"
            upstream = "GPIO27"
            [button]
            chip = "gpiochip0"
            line = "GPIO22"
            """);

        var pull = await RtspPull.DecodeAsync(edge.Url("cam"), "tcp", 320, 240, 3);
        RtspPull.AssertClean(pull, 75, source: edge);
        var output = edge.Process.Output;
        Assert.Contains("gpiochip0", output, StringComparison.Ordinal);
        Assert.Equal(1, CountLines(output, "LEDs disabled"));
        Assert.Equal(1, CountLines(output, "button disabled"));
    }

    private static int CountLines(string output, string text) =>
        output.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));
}

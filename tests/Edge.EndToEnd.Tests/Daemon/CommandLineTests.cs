using Edge.EndToEnd.Tests.Support;

namespace Edge.EndToEnd.Tests.Daemon;

/// <summary>The verbs as a user types them, against the published binary.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Version_PrintsVersionAndExitsZero()
    {
        var (exitCode, output) = EdgeProcess.Run("--version");

        Assert.Equal(0, exitCode);
        Assert.Matches(@"^edge \d+\.\d+\.\d+", output);
    }

    [Fact]
    public void Help_ListsTheVerbs()
    {
        var (exitCode, output) = EdgeProcess.Run("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("edge run [--config PATH]", output, StringComparison.Ordinal);
        Assert.Contains("edge check-config [PATH]", output, StringComparison.Ordinal);
        Assert.Contains("edge gpio", output, StringComparison.Ordinal);
        Assert.Contains("edge devices", output, StringComparison.Ordinal);
        Assert.Contains("edge urls [--config PATH]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_OnThisMachine_ListsNoCamera_AndTheEncoderAutoWouldUse()
    {
        // This machine has no /dev/video* but has libavcodec with libx264 (the prerequisites
        // install it); the emulated board lists vivid's cameras (tests/EmulatedBoard).
        var (exitCode, output) = EdgeProcess.Run("devices");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Cameras (V4L2 capture devices; camera.NAME.device):", output, StringComparison.Ordinal);
        Assert.Matches(@"FFmpeg libavcodec \d+\.\d+\.\d+ \(libavcodec\.so\.\d+\)", output);
        Assert.Matches(@"\n  libx264 +opens\n", output);
        Assert.Matches(@"\n  h264_rkmpp +no: ", output);
        Assert.Contains("encoder.kind = \"auto\" would use: libx264 (libavcodec)", output, StringComparison.Ordinal);
        Assert.Contains("Raspberry Pi cameras (rpicam-hello --list-cameras", output, StringComparison.Ordinal);
        // Probing is quiet: FFmpeg's own complaints are in the reasons, not raw on the output.
        Assert.DoesNotContain("\n[h264_", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Urls_PrintsTheDocumentedConfigsUrls()
    {
        var (exitCode, output) = EdgeProcess.Run("urls", "--config", EdgeBinary.RepoFile("config", "edge.toml"));

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"cam:\n  rtsp      rtsp://[0-9.\[\]a-f:]+:8554/cam\n", output);
        Assert.Contains("live      http://127.0.0.1:8080/cameras/cam", output, StringComparison.Ordinal);
        Assert.Contains("snapshot  http://127.0.0.1:8080/cameras/cam/snapshot.jpg", output, StringComparison.Ordinal);
        Assert.Contains("status page: http://127.0.0.1:8080/", output, StringComparison.Ordinal);
        Assert.Contains("ONVIF device service: http://127.0.0.1:8080/onvif/device_service", output, StringComparison.Ordinal);
    }

    [NoGpioChipFact]
    public void Gpio_OnAMachineWithoutGpio_SaysSoAndExitsOne()
    {
        var (exitCode, output) = EdgeProcess.Run("gpio");

        Assert.Equal(1, exitCode);
        Assert.Contains("no GPIO chips", output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("--frobnicate")]
    [InlineData("run", "--frobnicate")]
    [InlineData("run", "--config")]
    [InlineData("gpio", "--frobnicate")]
    public void UnknownVerbsAndFlags_GetUsageAndExitTwo(params string[] args)
    {
        var (exitCode, output) = EdgeProcess.Run(args);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("edge: ", output, StringComparison.Ordinal);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "--help")]
    [InlineData("check-config", "--help")]
    [InlineData("gpio", "--help")]
    [InlineData("devices", "--help")]
    [InlineData("urls", "--help")]
    [InlineData("help", "gpio")]
    public void EveryVerb_ExplainsItself(string first, string second)
    {
        var verb = first == "help" ? second : first;

        var (exitCode, output) = EdgeProcess.Run(first, second);

        Assert.Equal(0, exitCode);
        Assert.StartsWith($"edge {verb}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckConfig_WarnsAboutADeviceThatIsNotThere_AndStillAcceptsTheConfig()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edge-e2e-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, "[camera.usb]\nsource = \"v4l2\"\ndevice = \"/dev/video-e2e-missing\"\n");
        try
        {
            var (exitCode, output) = EdgeProcess.Run("check-config", path);

            Assert.True(exitCode == 0, output);
            Assert.Contains($"{path}: OK", output, StringComparison.Ordinal);
            Assert.Contains("warning: camera.usb.device: /dev/video-e2e-missing does not exist now", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NoArguments_GetUsageAndExitTwo()
    {
        var (exitCode, output) = EdgeProcess.Run();

        Assert.Equal(2, exitCode);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckConfig_AcceptsTheDocumentedConfig()
    {
        var (exitCode, output) = EdgeProcess.Run("check-config", EdgeBinary.RepoFile("config", "edge.toml"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("OK", output, StringComparison.Ordinal);
        Assert.Contains("camera cam: rtsp://HOST:8554/cam", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckConfig_ListsEveryMistakeWithItsPlace()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edge-e2e-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, """
            [rtsp]
            listen = "0.0.0.0:99999"
            [camera.front]
            fps = 500
            widht = 640
            source = "usb"
            [[push]]
            camera = "frnt"
            url = "rtmp://example.com/live/SECRETKEY"
            """);
        try
        {
            var (exitCode, output) = EdgeProcess.Run("check-config", path);

            Assert.Equal(1, exitCode);
            var errorLines = output.Split('\n').Where(l => l.StartsWith(path + ":", StringComparison.Ordinal)).ToArray();
            Assert.Equal(5, errorLines.Length);
            Assert.Contains($"{path}:4:7: camera.front.fps must be between 1 and 120, got 500", errorLines);
            Assert.Contains(errorLines, l => l.Contains("did you mean \"width\"?", StringComparison.Ordinal));
            Assert.Contains("5 problems found", output, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRETKEY", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Run_WithBrokenConfig_ExitsWithConfigErrorCode()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edge-e2e-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, "[camera.a]\nfps = 0\n");
        try
        {
            var (exitCode, output) = EdgeProcess.Run("run", "--config", path);

            Assert.Equal(78, exitCode);
            Assert.Contains($"{path}:2:7: camera.a.fps must be between 1 and 120, got 0", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Run_WithBrokenConfig_AndLedsButNoGpio_StillExitsWithConfigErrorCode()
    {
        // With a status LED edge would stay up to blink the error until the file is fixed (the
        // emulated board's gpio scenario shows that); with no GPIO chip there is nothing to show
        // it on, so it must not linger.
        var path = Path.Combine(Path.GetTempPath(), $"edge-e2e-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, "[camera.a]\nfps = 0\n[leds]\nchip = \"gpiochip7\"\nstatus = 17\n");
        try
        {
            var (exitCode, output) = EdgeProcess.Run("run", "--config", path);

            Assert.Equal(78, exitCode);
            Assert.Contains($"{path}:2:7: camera.a.fps must be between 1 and 120, got 0", output, StringComparison.Ordinal);
            Assert.Contains("gpiochip7", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Run_WithMissingExplicitConfig_SaysSo()
    {
        var (exitCode, output) = EdgeProcess.Run("run", "--config", "/nonexistent/edge.toml");

        Assert.Equal(78, exitCode);
        Assert.Contains("/nonexistent/edge.toml: does not exist", output, StringComparison.Ordinal);
    }
}

using Edge.Cli;

namespace Edge.Tests.Cli;

/// <summary><c>edge check-config</c> on real files: the default path, and warnings for what is missing now.</summary>
public sealed class CheckConfigVerbTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edge-check-config-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Without_a_path_the_default_file_is_checked()
    {
        var defaultPath = Write("edge.toml", "[camera.cam]\nsource = \"test\"\n");

        var (code, output, errors) = Check(new CheckConfigCommand(null), defaultPath);

        Assert.Equal(0, code);
        Assert.StartsWith($"{defaultPath}: OK", output, StringComparison.Ordinal);
        Assert.Equal("", errors);
    }

    [Fact]
    public void A_missing_default_file_is_a_clear_error()
    {
        var missing = Path.Combine(_directory.FullName, "etc-edge", "edge.toml");

        var (code, output, errors) = Check(new CheckConfigCommand(null), missing);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"edge: there is no config file at {missing} (edge run would use the built-in defaults); check another file with: edge check-config PATH\n", errors);
    }

    [Fact]
    public void Devices_chips_and_files_missing_now_are_warnings_not_errors()
    {
        var gone = Path.Combine(_directory.FullName, "gone");
        var path = Write("edge.toml", $"""
            [camera.usb]
            source = "v4l2"
            device = "/dev/video-{Guid.NewGuid():N}"
            [camera.usb.encoder]
            kind = "v4l2m2m"
            device = "/dev/video-m2m-{Guid.NewGuid():N}"
            [camera.clip]
            source = "file"
            file = "{gone}.h264"
            [[push]]
            camera = "usb"
            url = "rtmps://example.com/app/key"
            tls_ca_file = "{gone}.pem"
            [leds]
            chip = "no-such-chip"
            status = "GPIO17"
            [display]
            bus = 7
            """);

        var (code, output, errors) = Check(new CheckConfigCommand(path));

        Assert.Equal(0, code);
        Assert.StartsWith($"{path}: OK", output, StringComparison.Ordinal);
        var warnings = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(warnings, line => Assert.StartsWith("warning: ", line, StringComparison.Ordinal));
        Assert.Collection(warnings,
            line => Assert.Contains("camera.usb.device: /dev/video-", line, StringComparison.Ordinal),
            line => Assert.Contains("camera.usb.encoder.device: /dev/video-m2m-", line, StringComparison.Ordinal),
            line => Assert.Equal($"warning: camera.clip.file: {gone}.h264 does not exist now; the camera will fail until it does", line),
            line => Assert.Equal($"warning: push[0].tls_ca_file: {gone}.pem does not exist now; the push will fail until it does", line),
            line => Assert.StartsWith("warning: leds.chip: GPIO chip \"no-such-chip\" not found", line, StringComparison.Ordinal),
            line => Assert.StartsWith($"warning: display.bus: {Path.Combine(_directory.FullName, "i2c-7")} does not exist now", line, StringComparison.Ordinal));
    }

    [Fact]
    public void What_exists_gives_no_warning()
    {
        var clip = Write("clip.h264", "");
        var ca = Write("ca.pem", "");
        Write("i2c-1", ""); // stands in for the bus's device node: only its presence is checked
        var path = Write("edge.toml", $"""
            [camera.clip]
            source = "file"
            file = "{clip}"
            [[push]]
            camera = "clip"
            url = "rtmps://example.com/app/key"
            tls_ca_file = "{ca}"
            [display]
            bus = 1
            """);

        var (code, _, errors) = Check(new CheckConfigCommand(path));

        Assert.Equal(0, code);
        Assert.Equal("", errors);
    }

    [Fact]
    public void An_invalid_config_is_still_an_error()
    {
        var path = Write("edge.toml", "[camera.cam]\nfps = 500\n");

        var (code, _, errors) = Check(new CheckConfigCommand(path));

        Assert.Equal(1, code);
        Assert.Contains("edge.toml:2:7: camera.cam.fps must be between 1 and 120, got 500", errors, StringComparison.Ordinal);
    }

    private (int Code, string Output, string Errors) Check(CheckConfigCommand command, string? defaultPath = null)
    {
        var output = new StringWriter { NewLine = "\n" };
        var errors = new StringWriter { NewLine = "\n" };
        var code = CheckConfigVerb.Execute(command, output, errors, defaultPath ?? Path.Combine(_directory.FullName, "unused.toml"), _directory.FullName);
        return (code, output.ToString(), errors.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}

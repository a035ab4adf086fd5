using Edge.Config;
using Edge.Gpio;

namespace Edge.Cli;

/// <summary>
/// What a valid config names that does not exist on this machine right now: camera and encoder
/// devices, raw H.264 files, CA files, GPIO chips and the display's I2C bus. Each is a sentence
/// naming the key, what is missing and what edge will do about it.
/// </summary>
internal static class ConfigPresence
{
    public static IReadOnlyList<string> Warnings(EdgeConfig config, string devDirectory = "/dev")
    {
        ArgumentNullException.ThrowIfNull(config);
        var warnings = new List<string>();
        foreach (var camera in config.Cameras)
        {
            var key = $"camera.{camera.Name}";
            if (camera.Source == CameraSourceKind.V4l2 && !File.Exists(camera.Device))
                warnings.Add($"{key}.device: {camera.Device} does not exist now; edge will retry it and stream once it appears (plug the camera in, or see ls /dev/video*)");
            if (camera.Source == CameraSourceKind.Auto && !File.Exists(camera.Device))
                warnings.Add($"{key}.device: {camera.Device} does not exist now, so source = \"auto\" will stream the test pattern instead");
            if (camera.Source == CameraSourceKind.File && camera.File is { } file && !File.Exists(file))
                warnings.Add($"{key}.file: {file} does not exist now; the camera will fail until it does");
            var usesM2m = camera.Encoder.Kind == EncoderKind.V4l2m2m && camera.Source is not (CameraSourceKind.Rpicam or CameraSourceKind.File);
            if (usesM2m && !File.Exists(camera.Encoder.Device))
                warnings.Add($"{key}.encoder.device: {camera.Encoder.Device} does not exist now; the camera will fail until it does (kind = \"auto\" would fall back to libavcodec)");
        }

        for (var i = 0; i < config.Pushes.Count; i++)
        {
            if (config.Pushes[i].TlsCaFile is { } ca && !File.Exists(ca))
                warnings.Add($"push[{i}].tls_ca_file: {ca} does not exist now; the push will fail until it does");
        }

        if (config.Leds is { } leds && (leds.Status ?? leds.Upstream ?? leds.Clients) is not null && WhyNoChip(leds.Chip, devDirectory) is { } ledsChip)
            warnings.Add($"leds.chip: {ledsChip}; edge will run without the LEDs");
        if (config.Button is { } button && WhyNoChip(button.Chip, devDirectory) is { } buttonChip)
            warnings.Add($"button.chip: {buttonChip}; edge will run without the button");
        if (config.Display is { } display && !File.Exists(Path.Combine(devDirectory, $"i2c-{display.Bus}")))
            warnings.Add($"display.bus: {Path.Combine(devDirectory, $"i2c-{display.Bus}")} does not exist now (on a Raspberry Pi: sudo raspi-config nonint do_i2c 0, then reboot); edge will run without the display");
        return warnings;
    }

    // The chip is opened as the LEDs would open it (path, name or label): null when that works.
    private static string? WhyNoChip(string chip, string devDirectory)
    {
        try
        {
            using var opened = GpioChip.Open(chip, devDirectory);
            return null;
        }
        catch (GpioException e)
        {
            return e.Message;
        }
    }
}

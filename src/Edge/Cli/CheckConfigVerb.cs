using Edge.Config;

namespace Edge.Cli;

/// <summary><c>edge check-config [PATH]</c>: validates a config the way <c>edge run</c> would load it.</summary>
internal static class CheckConfigVerb
{
    /// <param name="command">What to check; no path means <paramref name="defaultPath"/>.</param>
    /// <param name="output">The summary of a valid config.</param>
    /// <param name="errors">Problems, and warnings about what does not exist right now.</param>
    /// <param name="defaultPath">The config <c>edge run</c> reads without <c>--config</c>.</param>
    /// <param name="devDirectory">Where GPIO chips are looked for.</param>
    public static int Execute(CheckConfigCommand command, TextWriter output, TextWriter errors,
        string defaultPath = ConfigLoader.DefaultPath, string devDirectory = "/dev")
    {
        var path = command.Path ?? defaultPath;
        if (command.Path is null && !File.Exists(path))
        {
            errors.WriteLine($"edge: there is no config file at {path} (edge run would use the built-in defaults); " +
                             "check another file with: edge check-config PATH");
            return 1;
        }

        var result = path == "-"
            ? ConfigLoader.LoadBytes(ReadStandardInput(), "<stdin>")
            : ConfigLoader.LoadFile(path);
        if (!result.IsValid)
        {
            foreach (var error in result.Errors)
                errors.WriteLine(error);
            errors.WriteLine($"{result.Errors.Count} problem{(result.Errors.Count == 1 ? "" : "s")} found; the config was not accepted.");
            return 1;
        }

        var config = result.Config;
        output.WriteLine($"{path}: OK");
        foreach (var camera in config.Cameras)
            output.WriteLine($"  camera {camera.Name}: rtsp://HOST:{config.Rtsp.Listen.Port}/{camera.Name} ({camera.Width}x{camera.Height}@{camera.Fps}, source {camera.Source.ToString().ToLowerInvariant()}, encoder {camera.Encoder.Kind.ToString().ToLowerInvariant()})");
        foreach (var push in config.Pushes)
            output.WriteLine($"  push {push.Camera} -> {push.Url.Redacted}{(push.Enabled ? "" : " (disabled)")}");

        // Valid, but a device may be unplugged or a file not yet copied: edge runs and waits (or
        // runs without it), so these are warnings, and the exit code stays 0.
        foreach (var warning in ConfigPresence.Warnings(config, devDirectory))
            errors.WriteLine($"warning: {warning}");
        return 0;
    }

    private static byte[] ReadStandardInput()
    {
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        return buffer.ToArray();
    }
}

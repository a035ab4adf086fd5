using Edge.Config;

namespace Edge.Cli;

/// <summary><c>edge check-config PATH</c>: validates a config the way <c>edge run</c> would load it.</summary>
internal static class CheckConfigVerb
{
    public static int Execute(CheckConfigCommand command, TextWriter output, TextWriter errors)
    {
        var result = command.Path == "-"
            ? ConfigLoader.LoadBytes(ReadStandardInput(), "<stdin>")
            : ConfigLoader.LoadFile(command.Path);
        if (!result.IsValid)
        {
            foreach (var error in result.Errors)
                errors.WriteLine(error);
            errors.WriteLine($"{result.Errors.Count} problem{(result.Errors.Count == 1 ? "" : "s")} found; the config was not accepted.");
            return 1;
        }

        var config = result.Config;
        output.WriteLine($"{command.Path}: OK");
        foreach (var camera in config.Cameras)
            output.WriteLine($"  camera {camera.Name}: rtsp://HOST:{config.Rtsp.Listen.Port}/{camera.Name} ({camera.Width}x{camera.Height}@{camera.Fps}, source {camera.Source.ToString().ToLowerInvariant()}, encoder {camera.Encoder.Kind.ToString().ToLowerInvariant()})");
        foreach (var push in config.Pushes)
            output.WriteLine($"  push {push.Camera} -> {push.Url.Redacted}{(push.Enabled ? "" : " (disabled)")}");
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

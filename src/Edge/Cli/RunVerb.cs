using Edge.Config;
using Edge.Hosting;

namespace Edge.Cli;

/// <summary><c>edge run</c>: loads the config, then runs the daemon until SIGTERM or SIGINT.</summary>
internal static class RunVerb
{
    /// <summary>
    /// Exit code for an unusable config (sysexits' EX_CONFIG). The systemd unit lists it in
    /// RestartPreventExitStatus: restarting cannot fix a config, it would only spin.
    /// </summary>
    public const int ConfigErrorExitCode = 78;

    public static async Task<int> ExecuteAsync(RunCommand command)
    {
        var (config, notice) = LoadConfig(command.ConfigPath);
        if (config is null)
            return ConfigErrorExitCode;
        return await EdgeHost.RunAsync(config, notice).ConfigureAwait(false);
    }

    /// <summary>
    /// An explicit --config must exist and be valid. Without one, the packaged path is used
    /// when present, and the built-in defaults (a test-pattern camera) when not, so that a
    /// first run shows a working stream before anyone writes a config.
    /// </summary>
    private static (EdgeConfig? Config, string Notice) LoadConfig(string? explicitPath)
    {
        var path = explicitPath;
        if (path is null)
        {
            if (!File.Exists(ConfigLoader.DefaultPath))
                return (ConfigLoader.Defaults(), $"no config file at {ConfigLoader.DefaultPath}; running with the built-in defaults (see config/edge.toml)");
            path = ConfigLoader.DefaultPath;
        }

        var result = ConfigLoader.LoadFile(path);
        if (result.IsValid)
            return (result.Config, $"config loaded from {path}");

        // Before the host exists there is no logger: write plainly to stderr, which systemd
        // also sends to the journal.
        foreach (var error in result.Errors)
            Console.Error.WriteLine(error);
        Console.Error.WriteLine($"edge: the config has {result.Errors.Count} problem{(result.Errors.Count == 1 ? "" : "s")}; fix {(result.Errors.Count == 1 ? "it" : "them")} and start again (check with: edge check-config {path})");
        return (null, "");
    }
}

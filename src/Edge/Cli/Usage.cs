using System.Reflection;

namespace Edge.Cli;

/// <summary>Help, version and usage-error output.</summary>
internal static class Usage
{
    /// <summary>Exit code for a command line that makes no sense (as in BSD's EX_USAGE family, and what shells expect).</summary>
    public const int UsageExitCode = 2;

    public const string HelpText = """
        edge - camera appliance daemon: V4L2/CSI cameras to H.264, served over RTSP and pushed over RTMP(S)

        Usage:
          edge run [--config PATH]     run the daemon (default config: /etc/edge/edge.toml; without that
                                       file and without --config, built-in defaults with a test pattern)
          edge check-config PATH       check a config file: exit 0 if valid, 1 listing every problem
          edge gpio                    list GPIO chips and lines (names, users), to find where LEDs
                                       and a button are wired
          edge --version               print the version
          edge --help                  print this help

        Documentation: config/edge.toml describes every setting.
        """;

    public static string Version =>
        typeof(Usage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "unknown";

    public static int PrintHelp(TextWriter output)
    {
        output.WriteLine(HelpText);
        return 0;
    }

    public static int PrintVersion(TextWriter output)
    {
        output.WriteLine($"edge {Version}");
        return 0;
    }

    public static int PrintError(UsageError error, TextWriter output)
    {
        output.WriteLine($"edge: {error.Message}");
        output.WriteLine();
        output.WriteLine(HelpText);
        return UsageExitCode;
    }
}

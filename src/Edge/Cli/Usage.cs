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
          edge check-config [PATH]     check a config file (default /etc/edge/edge.toml): exit 0 if
                                       valid, 1 listing every problem
          edge devices                 list cameras (formats, sizes, rates), hardware encoders, the
                                       libavcodec encoders that open here and Raspberry Pi cameras
          edge urls [--config PATH]    print every camera's RTSP, live-view and snapshot URL at this
                                       board's addresses, the status page and the ONVIF address
          edge gpio                    list GPIO chips and lines (names, users), to find where LEDs
                                       and a button are wired
          edge --version               print the version
          edge --help                  print this help; edge VERB --help (or edge help VERB) explains a verb

        Documentation: config/edge.toml describes every setting.
        """;

    /// <summary>The verbs that have their own help, in the order the overview lists them.</summary>
    public static IReadOnlyList<string> Verbs { get; } = ["run", "check-config", "devices", "urls", "gpio"];

    private const string RunHelp = """
        edge run [--config PATH]

        Runs the daemon until SIGTERM or SIGINT: every camera of the config encoded to H.264,
        served over RTSP and pushed where [[push]] says; the status page on [http] listen.

        Options:
          -c, --config PATH    the config file (default /etc/edge/edge.toml; when that file is
                               missing and no --config is given, the built-in defaults: one camera,
                               the test pattern if /dev/video0 is missing)

        Exit codes: 0 stopped cleanly, 1 unexpected error, 2 bad command line, 78 unusable config
        (with a status LED wired, edge instead blinks it and waits for the file to be fixed).
        """;

    private const string CheckConfigHelp = """
        edge check-config [PATH]

        Checks a config file the way edge run would load it, without running anything.
        PATH defaults to /etc/edge/edge.toml; - reads the config from standard input.

        Exit 0 when the config is valid: prints its cameras with their RTSP paths and its pushes,
        and warns (on standard error) about cameras, encoders, GPIO chips, I2C buses and files
        that do not exist right now, which edge would wait for or run without.
        Exit 1 listing every problem with its line and column, or when the file is missing.
        """;

    private const string DevicesHelp = """
        edge devices

        Lists what this board offers a config, to fill in its [camera.NAME] tables:
          - V4L2 cameras (camera.NAME.device) with the formats, sizes and frame rates Edge can use,
            and the formats it cannot;
          - hardware H.264 encoders (V4L2 memory-to-memory, encoder.kind = "v4l2m2m");
          - the libavcodec H.264 encoders, tried at 1280x720@30 in the default order: which open
            here and why the others do not, and which one encoder.kind = "auto" would use;
          - Raspberry Pi cameras, as rpicam-hello --list-cameras lists them (source = "rpicam").
        Opens each device only to ask it; a camera another program streams from is still listed.
        """;

    private const string UrlsHelp = """
        edge urls [--config PATH]

        Prints, for every camera of the config, its RTSP URL, its live view in the browser and its
        snapshot (for Home Assistant's generic camera or an NVR's still image), at each address of
        this board the servers listen on; then the status page and the ONVIF device service (the
        address an NVR asks for when a camera is added by hand). With RTSP authentication the URLs
        carry the user's name, never the password.

        Options:
          -c, --config PATH    the config file (default as for edge run: /etc/edge/edge.toml, or
                               the built-in defaults when that file is missing)
        """;

    private const string GpioHelp = """
        edge gpio

        Lists the GPIO chips of this board and every line's name and user, to find the chip and
        line an LED or a button is wired to ([leds] and [button] in the config take a chip's
        path, name or label and a line's name or offset).
        """;

    /// <summary>True for a verb with its own help text.</summary>
    public static bool IsVerb(string verb) => Verbs.Contains(verb);

    public static string Version =>
        typeof(Usage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "unknown";

    public static int PrintHelp(TextWriter output, string? verb = null)
    {
        output.WriteLine(verb switch
        {
            "run" => RunHelp,
            "check-config" => CheckConfigHelp,
            "devices" => DevicesHelp,
            "urls" => UrlsHelp,
            "gpio" => GpioHelp,
            _ => HelpText,
        });
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

namespace Edge.Cli;

/// <summary>
/// Parses <c>edge</c>'s small command line by hand: a few verbs and one option do not justify a
/// parsing library, and this keeps the binary small and the messages ours.
/// </summary>
internal static class CommandLine
{
    public static Command Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
            return new UsageError("no verb given");

        var verb = args[0];
        var rest = args.Skip(1).ToArray();
        return verb switch
        {
            "run" => ParseConfigOnly("run", rest, path => new RunCommand(path)),
            "urls" => ParseConfigOnly("urls", rest, path => new UrlsCommand(path)),
            "devices" => rest switch
            {
                [] => new DevicesCommand(),
                ["--help" or "-h"] => new HelpCommand("devices"),
                _ => new UsageError("'devices' takes no arguments"),
            },
            "check-config" => ParseCheckConfig(rest),
            "gpio" => rest switch
            {
                [] => new GpioCommand(),
                ["--help" or "-h"] => new HelpCommand("gpio"),
                _ => new UsageError("'gpio' takes no arguments"),
            },
            "--version" or "version" when rest.Length == 0 => new VersionCommand(),
            "--help" or "-h" or "help" when rest.Length == 0 => new HelpCommand(),
            "help" when rest is [var topic] => Usage.IsVerb(topic) ? new HelpCommand(topic) : new UsageError($"no help for '{topic}'; the verbs are {string.Join(", ", Usage.Verbs)}"),
            "--version" or "version" or "--help" or "-h" or "help" => new UsageError($"'{verb}' takes no arguments"),
            _ when verb.StartsWith('-') => new UsageError($"unknown option '{verb}'"),
            _ => new UsageError($"unknown verb '{verb}'"),
        };
    }

    /// <summary>A verb whose only option is <c>--config PATH</c> (<c>-c</c>, <c>--config=PATH</c>).</summary>
    private static Command ParseConfigOnly(string verb, string[] args, Func<string?, Command> command)
    {
        string? config = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
                return new HelpCommand(verb);
            if (arg == "--config" || arg == "-c")
            {
                if (i + 1 >= args.Length || args[i + 1].Length == 0)
                    return new UsageError($"'{arg}' needs a path, like --config /etc/edge/edge.toml");
                if (config is not null)
                    return new UsageError("--config given twice");
                config = args[++i];
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                if (config is not null)
                    return new UsageError("--config given twice");
                config = arg["--config=".Length..];
                if (config.Length == 0)
                    return new UsageError("'--config=' needs a path, like --config=/etc/edge/edge.toml");
            }
            else
            {
                return new UsageError(arg.StartsWith('-') ? $"unknown option '{arg}' for '{verb}'" : $"unexpected argument '{arg}' for '{verb}'");
            }
        }
        return command(config);
    }

    private static Command ParseCheckConfig(string[] args) => args switch
    {
        [] => new CheckConfigCommand(null),
        ["--help" or "-h"] => new HelpCommand("check-config"),
        [var path] when !path.StartsWith('-') || path == "-" => new CheckConfigCommand(path),
        [var option] => new UsageError($"unknown option '{option}' for 'check-config'"),
        _ => new UsageError("'check-config' takes one path"),
    };
}

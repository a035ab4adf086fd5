namespace Edge.Cli;

/// <summary>What the command line asked for.</summary>
internal abstract record Command;

/// <summary><c>edge run [--config PATH]</c>: run the daemon.</summary>
/// <param name="ConfigPath">The config given with --config, or null to use the default path or the built-in defaults.</param>
internal sealed record RunCommand(string? ConfigPath) : Command;

/// <summary><c>edge check-config [PATH]</c>: validate a config file and exit.</summary>
/// <param name="Path">The file, <c>-</c> for standard input, or null for <c>/etc/edge/edge.toml</c>.</param>
internal sealed record CheckConfigCommand(string? Path) : Command;

/// <summary><c>edge gpio</c>: list GPIO chips and lines, to find the line an LED is wired to.</summary>
internal sealed record GpioCommand : Command;

/// <summary><c>edge devices</c>: list cameras, encoders and Pi cameras, to write a config.</summary>
internal sealed record DevicesCommand : Command;

/// <summary><c>edge urls [--config PATH]</c>: print every camera's URLs at this board's addresses.</summary>
/// <param name="ConfigPath">The config given with --config, or null for the one <c>edge run</c> would use.</param>
internal sealed record UrlsCommand(string? ConfigPath) : Command;

internal sealed record VersionCommand : Command;

/// <summary><c>edge --help</c>, <c>edge help VERB</c> or <c>edge VERB --help</c>.</summary>
/// <param name="Verb">The verb to explain, or null for the overview.</param>
internal sealed record HelpCommand(string? Verb = null) : Command;

/// <summary>The command line made no sense; the message says why.</summary>
internal sealed record UsageError(string Message) : Command;

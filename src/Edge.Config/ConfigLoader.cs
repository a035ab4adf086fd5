using System.Text;

namespace Edge.Config;

/// <summary>Reads and validates <c>edge.toml</c>: from a file, from text, or the built-in defaults.</summary>
public static class ConfigLoader
{
    /// <summary>Where the packaged daemon looks when no <c>--config</c> is given.</summary>
    public const string DefaultPath = "/etc/edge/edge.toml";

    /// <summary>A config file is a few kilobytes; anything much larger is a mistake (a video, a log).</summary>
    public const int MaxFileBytes = 1 << 20;

    private const string DefaultsResourceName = "Edge.Config.edge.toml";

    /// <summary>Loads a config file; every problem found is in the result, none is thrown.</summary>
    public static ConfigLoadResult LoadFile(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                return Failed(path, Directory.Exists(path)
                    ? "is a directory; give the path of the .toml file"
                    : "does not exist; create it from the documented example (config/edge.toml) or give another path with --config");
            if (info.Length > MaxFileBytes)
                return Failed(path, $"is {info.Length} bytes; a config file must be under {MaxFileBytes} bytes. Is this the right file?");
            bytes = File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException)
        {
            return Failed(path, "cannot be read: permission denied. Make it readable by the user edge runs as (chmod 640, group edge)");
        }
        catch (IOException e)
        {
            return Failed(path, $"cannot be read: {e.Message}");
        }
        return LoadBytes(bytes, path);
    }

    /// <summary>Loads a config from UTF-8 bytes; <paramref name="sourceName"/> is used in messages.</summary>
    public static ConfigLoadResult LoadBytes(ReadOnlySpan<byte> utf8, string? sourceName)
    {
        ConfigTable root;
        try
        {
            root = ConfigDocument.Parse(utf8, sourceName);
        }
        catch (ConfigException e)
        {
            return new ConfigLoadResult(null, e.Errors);
        }
        var diagnostics = new ConfigDiagnostics(sourceName);
        var config = EdgeConfigBinder.Bind(root, diagnostics, sourceName);
        if (diagnostics.Errors.Count == 0)
            return new ConfigLoadResult(config, []);
        // In file order, as a person fixes them; errors without a place (whole-file rules) last.
        var ordered = diagnostics.Errors
            .OrderBy(e => e.Position.Line == 0 ? int.MaxValue : e.Position.Line)
            .ThenBy(e => e.Position.Column)
            .ToArray();
        return new ConfigLoadResult(null, ordered) { Leds = EdgeConfigBinder.BindLedsAlone(root, sourceName) };
    }

    /// <summary>Loads a config from text (tests and tools).</summary>
    public static ConfigLoadResult LoadText(string text, string? sourceName) =>
        LoadBytes(Encoding.UTF8.GetBytes(text), sourceName);

    /// <summary>
    /// The built-in defaults: the documented <c>config/edge.toml</c>, compiled into the binary,
    /// so that what the file says and what the daemon does without it cannot drift apart.
    /// </summary>
    public static EdgeConfig Defaults()
    {
        using var stream = typeof(ConfigLoader).Assembly.GetManifestResourceStream(DefaultsResourceName)
            ?? throw new InvalidOperationException($"The built-in default config ({DefaultsResourceName}) is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var result = LoadBytes(buffer.ToArray(), "built-in defaults");
        if (result.Config is null)
            throw new ConfigException(result.Errors);
        return result.Config with { SourcePath = null };
    }

    private static ConfigLoadResult Failed(string path, string message) =>
        new(null, [new ConfigError(path, default, message)]);
}

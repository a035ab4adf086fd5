using Edge.Cli;

namespace Edge.Tests.Cli;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("run")]
    [InlineData("urls")]
    public void RunAndUrls_AcceptTheConfigOptionAlike(string verb)
    {
        static string? PathOf(Command command) => command switch
        {
            RunCommand run => run.ConfigPath,
            UrlsCommand urls => urls.ConfigPath,
            _ => throw new InvalidOperationException($"not a run or urls command: {command}"),
        };

        Assert.Null(PathOf(CommandLine.Parse([verb])));
        Assert.Equal("/etc/x.toml", PathOf(CommandLine.Parse([verb, "--config", "/etc/x.toml"])));
        Assert.Equal("x.toml", PathOf(CommandLine.Parse([verb, "-c", "x.toml"])));
        Assert.Equal("x.toml", PathOf(CommandLine.Parse([verb, "--config=x.toml"])));
        Assert.IsType(verb == "run" ? typeof(RunCommand) : typeof(UrlsCommand), CommandLine.Parse([verb]));
    }

    [Fact]
    public void Devices_TakesNoArguments()
    {
        Assert.IsType<DevicesCommand>(CommandLine.Parse(["devices"]));
        Assert.Equal("'devices' takes no arguments", Assert.IsType<UsageError>(CommandLine.Parse(["devices", "/dev/video0"])).Message);
    }

    [Fact]
    public void CheckConfig_TakesOnePath()
    {
        Assert.Equal(new CheckConfigCommand("a.toml"), CommandLine.Parse(["check-config", "a.toml"]));
        Assert.Equal(new CheckConfigCommand("-"), CommandLine.Parse(["check-config", "-"]));
    }

    [Fact]
    public void CheckConfig_WithoutAPath_ChecksTheDefaultFile() =>
        Assert.Equal(new CheckConfigCommand(null), CommandLine.Parse(["check-config"]));

    [Theory]
    [InlineData(new[] { "run", "--help" }, "run")]
    [InlineData(new[] { "run", "-c", "x.toml", "-h" }, "run")]
    [InlineData(new[] { "check-config", "--help" }, "check-config")]
    [InlineData(new[] { "gpio", "--help" }, "gpio")]
    [InlineData(new[] { "gpio", "-h" }, "gpio")]
    [InlineData(new[] { "devices", "--help" }, "devices")]
    [InlineData(new[] { "urls", "--help" }, "urls")]
    [InlineData(new[] { "urls", "-c", "x.toml", "-h" }, "urls")]
    [InlineData(new[] { "help", "urls" }, "urls")]
    [InlineData(new[] { "help", "gpio" }, "gpio")]
    [InlineData(new[] { "help" }, null)]
    [InlineData(new[] { "--help" }, null)]
    public void EveryVerb_HasItsOwnHelp(string[] args, string? verb)
    {
        var help = Assert.IsType<HelpCommand>(CommandLine.Parse(args));
        Assert.Equal(verb, help.Verb);

        var output = new StringWriter();
        Assert.Equal(0, Usage.PrintHelp(output, help.Verb));
        // A verb's help starts with its own synopsis; the overview with what edge is.
        Assert.StartsWith(verb is null ? "edge - camera appliance daemon" : $"edge {verb}", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--version" }, typeof(VersionCommand))]
    [InlineData(new[] { "--help" }, typeof(HelpCommand))]
    [InlineData(new[] { "-h" }, typeof(HelpCommand))]
    [InlineData(new[] { "gpio" }, typeof(GpioCommand))]
    [InlineData(new[] { "gpio", "extra" }, typeof(UsageError))]
    public void VersionAndHelp(string[] args, Type expected)
    {
        Assert.IsType(expected, CommandLine.Parse(args));
    }

    [Theory]
    [InlineData(new string[0], "no verb given")]
    [InlineData(new[] { "start" }, "unknown verb 'start'")]
    [InlineData(new[] { "--verbose" }, "unknown option '--verbose'")]
    [InlineData(new[] { "run", "--config" }, "'--config' needs a path")]
    [InlineData(new[] { "run", "--config=" }, "'--config=' needs a path")]
    [InlineData(new[] { "run", "-c", "a", "-c", "b" }, "--config given twice")]
    [InlineData(new[] { "run", "extra" }, "unexpected argument 'extra' for 'run'")]
    [InlineData(new[] { "help", "start" }, "no help for 'start'; the verbs are run, check-config, devices, urls, gpio")]
    [InlineData(new[] { "urls", "extra" }, "unexpected argument 'extra' for 'urls'")]
    [InlineData(new[] { "urls", "--all" }, "unknown option '--all' for 'urls'")]
    [InlineData(new[] { "gpio", "--verbose" }, "'gpio' takes no arguments")]
    [InlineData(new[] { "check-config", "a", "b" }, "'check-config' takes one path")]
    [InlineData(new[] { "check-config", "--strict" }, "unknown option '--strict'")]
    [InlineData(new[] { "--version", "x" }, "'--version' takes no arguments")]
    public void Mistakes_AreUsageErrors(string[] args, string expected)
    {
        var error = Assert.IsType<UsageError>(CommandLine.Parse(args));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UsageError_PrintsHelpAndReturnsTwo()
    {
        var output = new StringWriter();

        var code = Usage.PrintError(new UsageError("unknown verb 'x'"), output);

        Assert.Equal(2, code);
        Assert.StartsWith("edge: unknown verb 'x'", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Usage:", output.ToString(), StringComparison.Ordinal);
    }
}

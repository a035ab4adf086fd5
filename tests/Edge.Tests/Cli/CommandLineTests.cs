using Edge.Cli;

namespace Edge.Tests.Cli;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "run" }, null)]
    [InlineData(new[] { "run", "--config", "/etc/x.toml" }, "/etc/x.toml")]
    [InlineData(new[] { "run", "-c", "x.toml" }, "x.toml")]
    [InlineData(new[] { "run", "--config=x.toml" }, "x.toml")]
    public void Run_AcceptsTheConfigOption(string[] args, string? expected)
    {
        var command = Assert.IsType<RunCommand>(CommandLine.Parse(args));

        Assert.Equal(expected, command.ConfigPath);
    }

    [Fact]
    public void CheckConfig_TakesOnePath()
    {
        Assert.Equal(new CheckConfigCommand("a.toml"), CommandLine.Parse(["check-config", "a.toml"]));
        Assert.Equal(new CheckConfigCommand("-"), CommandLine.Parse(["check-config", "-"]));
    }

    [Theory]
    [InlineData(new[] { "--version" }, typeof(VersionCommand))]
    [InlineData(new[] { "--help" }, typeof(HelpCommand))]
    [InlineData(new[] { "-h" }, typeof(HelpCommand))]
    [InlineData(new[] { "run", "--help" }, typeof(HelpCommand))]
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
    [InlineData(new[] { "check-config" }, "'check-config' needs the path")]
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

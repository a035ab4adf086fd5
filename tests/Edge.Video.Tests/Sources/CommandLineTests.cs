using Edge.Video.Sources.Rpicam;

namespace Edge.Video.Tests.Sources;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("rpicam-vid -t 0 -o -", new[] { "rpicam-vid", "-t", "0", "-o", "-" })]
    [InlineData("  a   b  ", new[] { "a", "b" })]
    [InlineData("prog 'two words' \"and \\\"three\\\"\"", new[] { "prog", "two words", "and \"three\"" })]
    [InlineData("prog a\\ b", new[] { "prog", "a b" })]
    [InlineData("prog --x='1 2'", new[] { "prog", "--x=1 2" })]
    [InlineData("prog $HOME `id` ;rm", new[] { "prog", "$HOME", "`id`", ";rm" })]
    [InlineData("", new string[0])]
    public void Split_LikeAShellWithoutExpansion(string command, string[] expected) =>
        Assert.Equal(expected, CommandLine.Split(command));

    [Fact]
    public void UnclosedQuote_IsAnError() =>
        Assert.Contains("unclosed", Assert.Throws<FormatException>(() => CommandLine.Split("prog 'oops")).Message, StringComparison.Ordinal);
}

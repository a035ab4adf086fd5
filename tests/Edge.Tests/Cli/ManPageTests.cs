using Edge.Cli;

namespace Edge.Tests.Cli;

/// <summary>The .deb's man page names every verb the binary has, so it cannot fall behind.</summary>
public sealed class ManPageTests
{
    private static string ManPage() =>
        File.ReadAllText(Path.Combine(RepositoryFiles.Root(), "packaging", "debian", "edge.1"));

    [Fact]
    public void EveryVerb_IsInTheSynopsisAndExplainedUnderCommands()
    {
        var page = ManPage();
        var commands = page[page.IndexOf(".SH COMMANDS", StringComparison.Ordinal)..];

        foreach (var verb in Usage.Verbs)
        {
            var roff = verb.Replace("-", "\\-", StringComparison.Ordinal);
            Assert.Contains($".B edge {roff}\n", page, StringComparison.Ordinal);
            Assert.Contains($".TP\n.B {roff}\n", commands, StringComparison.Ordinal);
        }
    }
}

using Edge.Cli;

namespace Edge;

/// <summary>The <c>edge</c> executable: parses the command line and runs one verb.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var command = CommandLine.Parse(args);
        return command switch
        {
            RunCommand run => await RunVerb.ExecuteAsync(run).ConfigureAwait(false),
            CheckConfigCommand check => CheckConfigVerb.Execute(check, Console.Out, Console.Error),
            DevicesCommand => DevicesVerb.Execute(Console.Out),
            UrlsCommand urls => UrlsVerb.Execute(urls, Console.Out, Console.Error),
            GpioCommand => Gpio.GpioInfoReport.Write(Console.Out),
            VersionCommand => Usage.PrintVersion(Console.Out),
            HelpCommand help => Usage.PrintHelp(Console.Out, help.Verb),
            UsageError error => Usage.PrintError(error, Console.Error),
            _ => throw new InvalidOperationException($"No verb handles {command.GetType().Name}."),
        };
    }
}

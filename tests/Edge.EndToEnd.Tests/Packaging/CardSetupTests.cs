using System.Text.RegularExpressions;
using Edge.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Packaging;

/// <summary>
/// The Raspberry Pi image's <c>card-setup config</c> (packaging/pi-image), run on a directory tree
/// standing in for a board: at a card's first boot the card's edge.toml gets a viewer with a
/// password of that card's own (the image itself carries none), once, and the file is copied to
/// /etc/edge readable by root and edge only. The full boot under systemd is tests/PiBoard's.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class CardSetupTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("edge-card-").FullName;

    [Fact]
    public async Task FirstBoot_GivesTheCardsConfigAViewerOfItsOwn_AndLaterBootsLeaveTheOwnersChoice()
    {
        var board = MakeBoard("one");
        var said = await CardSetupAsync(board);

        var card = await File.ReadAllTextAsync(CardConfig(board));
        var password = ViewerPassword().Match(card).Groups[1].Value;
        Assert.Equal(20, password.Length);
        Assert.Matches("(?m)^\\[rtsp\\]\n(?:(?!^\\[).*\n)*?auth = \"digest\"$", card);
        Assert.Contains("# Made by the first boot of this card", card, StringComparison.Ordinal);
        Assert.Contains("RTSP now asks for a login: user \"viewer\" with a password made for this card, written to edge.toml on the card's boot partition", said, StringComparison.Ordinal);
        Assert.DoesNotContain(password, said, StringComparison.Ordinal);

        // What edge reads is the card's file, and edge accepts it.
        var installed = EtcConfig(board);
        Assert.Equal(card, await File.ReadAllTextAsync(installed));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(installed));
        var check = await ExternalTool.RunAsync(EdgeBinary.Path, ["check-config", installed], TimeSpan.FromMinutes(1));
        Assert.True(check.ExitCode == 0, check.StdoutText + check.Stderr);

        // The owner takes the users out on purpose (a camera on a closed network): the next boot
        // copies that as it is and makes no new viewer.
        var open = await File.ReadAllTextAsync(Path.Combine(EdgeBinary.RepoRoot, "config/edge.toml"));
        await File.WriteAllTextAsync(CardConfig(board), open);
        said = await CardSetupAsync(board);
        Assert.Equal(open, await File.ReadAllTextAsync(CardConfig(board)));
        Assert.Equal(open, await File.ReadAllTextAsync(installed));
        Assert.DoesNotContain("RTSP now asks for a login", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoCardsFlashedFromOneImage_GetDifferentPasswords()
    {
        var first = MakeBoard("first");
        var second = MakeBoard("second");
        await CardSetupAsync(first);
        await CardSetupAsync(second);

        var one = ViewerPassword().Match(await File.ReadAllTextAsync(CardConfig(first))).Groups[1].Value;
        var two = ViewerPassword().Match(await File.ReadAllTextAsync(CardConfig(second))).Groups[1].Value;
        Assert.Equal((20, 20), (one.Length, two.Length));
        Assert.NotEqual(one, two);
    }

    [Fact]
    public async Task ACardWithItsOwnUsers_IsCopiedUnchanged()
    {
        var board = MakeBoard("own");
        var mine = "[camera.cam]\nsource = \"test\"\n\n[rtsp]\nauth = \"digest\"\n\n[[rtsp.users]]\nname = \"me\"\npassword = \"long enough secret\"\n";
        await File.WriteAllTextAsync(CardConfig(board), mine);

        var said = await CardSetupAsync(board);

        Assert.Equal(mine, await File.ReadAllTextAsync(CardConfig(board)));
        Assert.Equal(mine, await File.ReadAllTextAsync(EtcConfig(board)));
        Assert.DoesNotContain("RTSP now asks for a login", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACardEditedOnWindows_GetsItsViewer_AndEdgeReadsTheResult()
    {
        var board = MakeBoard("crlf");
        var config = await File.ReadAllTextAsync(Path.Combine(EdgeBinary.RepoRoot, "config/edge.toml"));
        await File.WriteAllTextAsync(CardConfig(board), config.Replace("\n", "\r\n", StringComparison.Ordinal));

        await CardSetupAsync(board);

        var installed = await File.ReadAllTextAsync(EtcConfig(board));
        Assert.DoesNotContain("\r", installed, StringComparison.Ordinal);
        Assert.Equal(20, ViewerPassword().Match(installed).Groups[1].Value.Length);
        var check = await ExternalTool.RunAsync(EdgeBinary.Path, ["check-config", EtcConfig(board)], TimeSpan.FromMinutes(1));
        Assert.True(check.ExitCode == 0, check.StdoutText + check.Stderr);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [GeneratedRegex("\\[\\[rtsp\\.users\\]\\]\nname = \"viewer\"\npassword = \"([A-Za-z0-9_-]{20})\"\n")]
    private static partial Regex ViewerPassword();

    private static string CardConfig(string board) => Path.Combine(board, "boot/firmware/edge.toml");

    private static string EtcConfig(string board) => Path.Combine(board, "etc/edge/edge.toml");

    /// <summary>A board as the image leaves it: the package's config on the card and in /etc/edge.</summary>
    private string MakeBoard(string name)
    {
        var board = Path.Combine(_work, name);
        Directory.CreateDirectory(Path.Combine(board, "boot/firmware"));
        Directory.CreateDirectory(Path.Combine(board, "etc/edge"));
        Directory.CreateDirectory(Path.Combine(board, "usr/lib/edge"));
        var config = Path.Combine(EdgeBinary.RepoRoot, "config/edge.toml");
        File.Copy(config, CardConfig(board));
        File.Copy(config, EtcConfig(board));
        var script = Path.Combine(board, "usr/lib/edge/add-first-viewer");
        File.Copy(Path.Combine(EdgeBinary.RepoRoot, "packaging/debian/add-first-viewer"), script);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return board;
    }

    private async Task<string> CardSetupAsync(string board)
    {
        var script = Path.Combine(EdgeBinary.RepoRoot, "packaging/pi-image/overlay/usr/lib/edge-image/card-setup");
        var result = await ExternalTool.RunAsync("env", [$"CARD_SETUP_ROOT={board}", script, "config"], TimeSpan.FromMinutes(1));
        var said = result.StdoutText + result.Stderr;
        output.WriteLine(said);
        Assert.True(result.ExitCode == 0, said);
        return said;
    }
}

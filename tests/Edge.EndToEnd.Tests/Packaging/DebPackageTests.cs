using Edge.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Packaging;

/// <summary>
/// The amd64 .deb built from the NativeAOT binary: its contents, lintian's verdict, and what its
/// maintainer scripts do when dpkg installs, upgrades and purges it in a throwaway root (the
/// scripts honour DPKG_ROOT, so dpkg runs them without chroot).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DebPackageTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("edge-deb-").FullName;

    [Fact]
    public async Task Package_IsLintianClean_AndInstallsUpgradesAndPurges()
    {
        var deb = await BuildAsync();

        var contents = await RunAsync("dpkg-deb", ["-c", deb]);
        foreach (var path in new[] { "./usr/bin/edge", "./usr/lib/edge/add-first-viewer", "./etc/edge/edge.toml", "./etc/avahi/services/edge.service", "./lib/systemd/system/edge.service", "./usr/share/doc/edge/copyright", "./usr/share/man/man1/edge.1.gz" })
            Assert.Contains(path, contents, StringComparison.Ordinal);
        Assert.Equal(["/etc/edge/edge.toml", "/etc/avahi/services/edge.service"], (await ControlFileAsync(deb, "conffiles")).Trim().Split('\n'));
        Assert.Contains("Architecture: amd64", await ControlFileAsync(deb, "control"), StringComparison.Ordinal);

        var lintian = await ExternalTool.RunAsync("lintian", ["--tag-display-limit", "0", deb], TimeSpan.FromMinutes(5));
        output.WriteLine(lintian.StdoutText + lintian.Stderr);
        Assert.DoesNotContain("\nE: ", "\n" + lintian.StdoutText, StringComparison.Ordinal);
        Assert.Equal(0, lintian.ExitCode);

        var root = MakeThrowawayRoot();
        var firstInstall = await DpkgAsync(root, "-i", deb);
        Assert.True(File.Exists(Path.Combine(root, "usr/bin/edge")));
        Assert.True(File.Exists(Path.Combine(root, "etc/avahi/services/edge.service")));
        var passwd = await File.ReadAllTextAsync(Path.Combine(root, "etc/passwd"));
        Assert.Contains("edge:x:", passwd, StringComparison.Ordinal);
        Assert.Contains(":/nonexistent:/usr/sbin/nologin", passwd, StringComparison.Ordinal);
        var groups = await File.ReadAllLinesAsync(Path.Combine(root, "etc/group"));
        Assert.Contains(groups, g => g.StartsWith("video:", StringComparison.Ordinal) && g.EndsWith(":edge", StringComparison.Ordinal));
        Assert.Contains(groups, g => g.StartsWith("gpio:", StringComparison.Ordinal) && g.EndsWith(":edge", StringComparison.Ordinal));
        Assert.Contains(groups, g => g.StartsWith("i2c:", StringComparison.Ordinal) && g.EndsWith(":edge", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(root, "etc/systemd/system/multi-user.target.wants/edge.service")), "the service was not enabled");
        var config = Path.Combine(root, "etc/edge/edge.toml");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(config));

        // Safe by default: the first install made a viewer with a random password, turned RTSP's
        // digest on, said so and where, and printed no password (apt logs this output).
        var installed = await File.ReadAllTextAsync(config);
        var password = System.Text.RegularExpressions.Regex.Match(installed, "\\[\\[rtsp\\.users\\]\\]\nname = \"viewer\"\npassword = \"([A-Za-z0-9_-]{20})\"\n").Groups[1].Value;
        Assert.Equal(20, password.Length);
        Assert.Matches("(?m)^\\[rtsp\\]\n(?:(?!^\\[).*\n)*?auth = \"digest\"$", installed);
        Assert.DoesNotContain("auth = \"none\"", installed, StringComparison.Ordinal);
        Assert.Contains("edge: RTSP now asks for a login: user \"viewer\" with a random password, written to /etc/edge/edge.toml", firstInstall, StringComparison.Ordinal);
        Assert.DoesNotContain(password, firstInstall, StringComparison.Ordinal);
        var check = await ExternalTool.RunAsync(EdgeBinary.Path, ["check-config", config], TimeSpan.FromMinutes(1));
        Assert.True(check.ExitCode == 0, check.StdoutText + check.Stderr);
        Assert.DoesNotContain(password, check.StdoutText + check.Stderr, StringComparison.Ordinal);

        // A user's edit survives an upgrade (the config is a conffile), and no second viewer is made.
        await File.AppendAllTextAsync(config, "\n# edited by the owner\n");
        var upgrade = await DpkgAsync(root, "-i", deb);
        var upgraded = await File.ReadAllTextAsync(config);
        Assert.Contains("# edited by the owner", upgraded, StringComparison.Ordinal);
        Assert.Contains(password, upgraded, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(upgraded, "(?m)^\\[\\[rtsp\\.users\\]\\]"));
        Assert.DoesNotContain("RTSP now asks for a login", upgrade, StringComparison.Ordinal);

        // Purge removes the config and the user; remove alone keeps the config.
        await DpkgAsync(root, "--purge", "edge");
        Assert.False(File.Exists(Path.Combine(root, "usr/bin/edge")));
        Assert.False(Directory.Exists(Path.Combine(root, "etc/edge")));
        Assert.DoesNotContain("edge:x:", await File.ReadAllTextAsync(Path.Combine(root, "etc/passwd")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(root, "etc/systemd/system/multi-user.target.wants/edge.service")));
    }

    [Fact]
    public async Task AvahiServiceFile_IsValidForAvahi_AndAnnouncesWhatTheDefaultConfigServes()
    {
        var deb = await BuildAsync();
        var unpacked = Path.Combine(_work, "unpacked");
        await RunAsync("dpkg-deb", ["-x", deb, unpacked]);
        var file = Path.Combine(unpacked, "etc/avahi/services/edge.service");

        // Against the DTD avahi-daemon ships: what avahi's static-services loader accepts.
        var valid = await ExternalTool.RunAsync("xmllint", ["--noout", "--dtdvalid", "/usr/share/avahi/avahi-service.dtd", file], TimeSpan.FromMinutes(1));
        Assert.True(valid.ExitCode == 0, valid.Stderr);

        // The ports and the camera path are the documented config's defaults (config/edge.toml).
        var config = await File.ReadAllTextAsync(EdgeBinary.RepoFile("config", "edge.toml"));
        var rtspPort = System.Text.RegularExpressions.Regex.Match(config, @"(?ms)^\[rtsp\].*?^listen = ""[^""]*:(\d+)""").Groups[1].Value;
        var httpPort = System.Text.RegularExpressions.Regex.Match(config, @"(?ms)^\[http\].*?^listen = ""[^""]*:(\d+)""").Groups[1].Value;
        var camera = System.Text.RegularExpressions.Regex.Match(config, @"(?m)^\[camera\.([A-Za-z0-9_-]+)\]").Groups[1].Value;
        using var reader = System.Xml.XmlReader.Create(file, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Ignore });
        var group = System.Xml.Linq.XDocument.Load(reader).Root!;
        Assert.Equal("yes", group.Element("name")!.Attribute("replace-wildcards")!.Value);
        Assert.Contains("%h", group.Element("name")!.Value, StringComparison.Ordinal);
        var services = group.Elements("service").ToDictionary(e => e.Element("type")!.Value, e => (Port: e.Element("port")!.Value, Txt: e.Elements("txt-record").Select(t => t.Value).ToArray()));
        Assert.Equal(["_http._tcp", "_rtsp._tcp"], services.Keys.Order());
        Assert.Equal((rtspPort, $"path=/{camera}"), (services["_rtsp._tcp"].Port, Assert.Single(services["_rtsp._tcp"].Txt)));
        Assert.Equal((httpPort, "path=/"), (services["_http._tcp"].Port, Assert.Single(services["_http._tcp"].Txt)));
        Assert.Equal(("8554", "8080", "cam"), (rtspPort, httpPort, camera)); // the regexes found the values they should
    }

    [Fact]
    public async Task Unit_VerifiesCleanly_AndRatesOkForSecurity()
    {
        // systemd-analyze verify checks that ExecStart's program exists: point a copy of the unit
        // at the binary the tests built instead of /usr/bin/edge, which this machine lacks.
        var unit = Path.Combine(_work, "edge.service");
        var text = await File.ReadAllTextAsync(Path.Combine(EdgeBinary.RepoRoot, "systemd/edge.service"));
        await File.WriteAllTextAsync(unit, text.Replace("/usr/bin/edge", EdgeBinary.Path, StringComparison.Ordinal));

        var verify = await ExternalTool.RunAsync("systemd-analyze", ["verify", unit], TimeSpan.FromMinutes(1));
        output.WriteLine(verify.StdoutText + verify.Stderr);
        Assert.True(verify.ExitCode == 0, verify.Stderr);

        var security = await ExternalTool.RunAsync("systemd-analyze", ["security", "--offline=true", unit], TimeSpan.FromMinutes(1));
        var summary = (security.StdoutText + security.Stderr).Split('\n').First(l => l.Contains("Overall exposure level", StringComparison.Ordinal));
        output.WriteLine(summary);
        var exposure = double.Parse(summary.Split(':')[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(exposure <= 2.0, summary);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private async Task<string> BuildAsync()
    {
        var script = Path.Combine(EdgeBinary.RepoRoot, "packaging/build-deb.sh");
        var built = await ExternalTool.RunAsync(script, ["amd64", EdgeBinary.Path, _work], TimeSpan.FromMinutes(2));
        Assert.True(built.ExitCode == 0, built.Stderr);
        return Directory.GetFiles(_work, "edge_*_amd64.deb").Single();
    }

    private async Task<string> ControlFileAsync(string deb, string name)
    {
        var directory = Path.Combine(_work, "control");
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        await RunAsync("dpkg-deb", ["--control", deb, directory]);
        return await File.ReadAllTextAsync(Path.Combine(directory, name));
    }

    private string MakeThrowawayRoot()
    {
        var root = Path.Combine(_work, "root");
        Directory.CreateDirectory(Path.Combine(root, "var/lib/dpkg/info"));
        Directory.CreateDirectory(Path.Combine(root, "var/lib/dpkg/updates"));
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        File.WriteAllText(Path.Combine(root, "var/lib/dpkg/status"), "");
        File.WriteAllText(Path.Combine(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        File.WriteAllText(Path.Combine(root, "etc/group"), "root:x:0:\nvideo:x:44:\ngpio:x:997:\ni2c:x:998:\n");
        File.WriteAllText(Path.Combine(root, "etc/shadow"), "root:*::0:99999:7:::\n");
        File.WriteAllText(Path.Combine(root, "etc/gshadow"), "root:*::\nvideo:*::\ngpio:*::\ni2c:*::\n");
        return root;
    }

    /// <summary>Runs dpkg on the throwaway root; returns what it and the maintainer scripts printed.</summary>
    private async Task<string> DpkgAsync(string root, params string[] arguments)
    {
        var result = await ExternalTool.RunAsync("dpkg",
            [$"--root={root}", "--force-script-chrootless", "--force-depends", "--force-confold", .. arguments], TimeSpan.FromMinutes(2));
        output.WriteLine(result.StdoutText + result.Stderr);
        Assert.True(result.ExitCode == 0, $"dpkg {string.Join(' ', arguments)} failed: {result.Stderr}");
        return result.StdoutText + result.Stderr;
    }

    private static async Task<string> RunAsync(string program, string[] arguments)
    {
        var result = await ExternalTool.RunAsync(program, arguments, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"{program} failed: {result.Stderr}");
        return result.StdoutText;
    }
}

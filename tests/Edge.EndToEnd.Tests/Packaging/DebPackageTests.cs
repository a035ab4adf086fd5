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
        foreach (var path in new[] { "./usr/bin/edge", "./usr/lib/edge/add-first-viewer", "./etc/edge/edge.toml", "./lib/systemd/system/edge.service", "./usr/share/doc/edge/copyright", "./usr/share/man/man1/edge.1.gz" })
            Assert.Contains(path, contents, StringComparison.Ordinal);
        // edge announces itself through avahi's D-Bus API: no static avahi service file.
        Assert.DoesNotContain("avahi", contents, StringComparison.Ordinal);
        Assert.Equal(["/etc/edge/edge.toml"], (await ControlFileAsync(deb, "conffiles")).Trim().Split('\n'));
        Assert.Contains("Architecture: amd64", await ControlFileAsync(deb, "control"), StringComparison.Ordinal);

        var lintian = await ExternalTool.RunAsync("lintian", ["--tag-display-limit", "0", deb], TimeSpan.FromMinutes(5));
        output.WriteLine(lintian.StdoutText + lintian.Stderr);
        Assert.DoesNotContain("\nE: ", "\n" + lintian.StdoutText, StringComparison.Ordinal);
        Assert.Equal(0, lintian.ExitCode);

        var root = MakeThrowawayRoot();
        var firstInstall = await DpkgAsync(root, "-i", deb);
        Assert.True(File.Exists(Path.Combine(root, "usr/bin/edge")));
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
    public async Task AnUpgradeFromAPackageWithTheStaticAvahiFile_RemovesIt_KeepingAnEditedCopyWhereAvahiDoesNotLook()
    {
        // Earlier packages shipped /etc/avahi/services/edge.service as a conffile; left behind, it
        // would announce the old ports and names beside edge's own announcements.
        var deb = await BuildAsync();
        var old = await BuildOldPackageWithAvahiFileAsync();
        const string avahiFile = "etc/avahi/services/edge.service";

        var untouched = MakeThrowawayRoot("untouched");
        await DpkgAsync(untouched, "-i", old);
        Assert.True(File.Exists(Path.Combine(untouched, avahiFile)));
        await DpkgAsync(untouched, "-i", deb);
        Assert.False(File.Exists(Path.Combine(untouched, avahiFile)), "the old avahi service file is still there");
        Assert.Empty(Directory.GetFiles(Path.Combine(untouched, "etc/avahi/services")));
        Assert.DoesNotContain("/etc/avahi", await ConffilesOfInstalledAsync(untouched), StringComparison.Ordinal);

        var edited = MakeThrowawayRoot("edited");
        await DpkgAsync(edited, "-i", old);
        await File.AppendAllTextAsync(Path.Combine(edited, avahiFile), "<!-- port changed by the owner -->\n");
        await DpkgAsync(edited, "-i", deb);
        Assert.False(File.Exists(Path.Combine(edited, avahiFile)));
        // avahi reads only *.service files: the owner's copy stays, silent.
        Assert.Contains("changed by the owner", await File.ReadAllTextAsync(Path.Combine(edited, avahiFile + ".dpkg-bak")), StringComparison.Ordinal);

        await DpkgAsync(edited, "--purge", "edge");
        Assert.False(File.Exists(Path.Combine(edited, avahiFile + ".dpkg-bak")));
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

    private string MakeThrowawayRoot(string name = "root")
    {
        var root = Path.Combine(_work, name);
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

    /// <summary>
    /// A stand-in for an earlier edge package: the same name, an older version, and the static
    /// avahi service file as a conffile (what the package held before edge announced itself).
    /// </summary>
    private async Task<string> BuildOldPackageWithAvahiFileAsync()
    {
        var stage = Path.Combine(_work, "old-stage");
        Directory.CreateDirectory(Path.Combine(stage, "DEBIAN"));
        Directory.CreateDirectory(Path.Combine(stage, "etc/avahi/services"));
        await File.WriteAllTextAsync(Path.Combine(stage, "etc/avahi/services/edge.service"), """
            <?xml version="1.0" standalone="no"?>
            <!DOCTYPE service-group SYSTEM "avahi-service.dtd">
            <service-group>
              <name replace-wildcards="yes">Edge on %h</name>
              <service><type>_rtsp._tcp</type><port>8554</port><txt-record>path=/cam</txt-record></service>
            </service-group>

            """);
        await File.WriteAllTextAsync(Path.Combine(stage, "DEBIAN/control"), """
            Package: edge
            Version: 0.0.9-1
            Architecture: amd64
            Maintainer: Edge developers <dev@edge.invalid>
            Description: an earlier edge package, for the upgrade test

            """);
        await File.WriteAllTextAsync(Path.Combine(stage, "DEBIAN/conffiles"), "/etc/avahi/services/edge.service\n");
        var package = Path.Combine(_work, "edge_0.0.9-1_amd64.deb");
        await RunAsync("dpkg-deb", ["--root-owner-group", "--build", stage, package]);
        return package;
    }

    private async Task<string> ConffilesOfInstalledAsync(string root)
    {
        var query = await ExternalTool.RunAsync("dpkg-query", [$"--admindir={root}/var/lib/dpkg", "-W", "-f=${Conffiles}", "edge"], TimeSpan.FromMinutes(1));
        Assert.True(query.ExitCode == 0, query.Stderr);
        return query.StdoutText;
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

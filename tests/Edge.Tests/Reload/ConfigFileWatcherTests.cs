using System.Diagnostics;
using Edge.Config;
using Edge.Reload;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Tests.Reload;

/// <summary><c>[reload] on_save</c> against the real file system: saves as editors make them, and reloads that switch it.</summary>
public sealed class ConfigFileWatcherTests : IDisposable
{
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(1.5);
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-watch-").FullName;
    private readonly ReloadRequests _requests = new();

    private string ConfigPath => Path.Combine(_directory, "edge.toml");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Saves_by_rename_in_a_row_are_one_reload_once_the_file_is_quiet()
    {
        File.WriteAllText(ConfigPath, "# first");
        using var watcher = Watcher(onSave: true);
        await watcher.StartAsync(CancellationToken.None);

        Save("# second");
        await Task.Delay(300);
        Save("# third");
        var sinceLastSave = Stopwatch.StartNew();
        File.WriteAllText(Path.Combine(_directory, "other.toml"), "# not the config");

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("file saved", await _requests.NextAsync(bound.Token));
        Assert.True(sinceLastSave.Elapsed >= ConfigFileWatcher.Quiet * 0.8, $"asked for a reload {sinceLastSave.ElapsedMilliseconds} ms after the last save");
        await AssertNoRequestAsync();
    }

    [Fact]
    public async Task Off_by_default_and_switched_on_and_off_by_reloads()
    {
        File.WriteAllText(ConfigPath, "# first");
        var running = new EdgeConfig();
        using var watcher = Watcher(onSave: false);
        await watcher.StartAsync(CancellationToken.None);
        Save("# ignored");
        await AssertNoRequestAsync();

        var on = running with { Reload = new ReloadConfig { OnSave = true } };
        await watcher.ApplyAsync(on, ConfigDifference.Between(running, on), CancellationToken.None);
        Save("# watched");
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("file saved", await _requests.NextAsync(bound.Token));

        await watcher.ApplyAsync(running, ConfigDifference.Between(on, running), CancellationToken.None);
        Save("# ignored again");
        await AssertNoRequestAsync();
    }

    private ConfigFileWatcher Watcher(bool onSave) =>
        new(new ConfigSource(ConfigPath), new CurrentConfig(new EdgeConfig { Reload = new ReloadConfig { OnSave = onSave } }), _requests, TimeProvider.System, NullLoggerFactory.Instance);

    /// <summary>As an editor saves: a new file beside the old one, renamed over it.</summary>
    private void Save(string text)
    {
        var temporary = ConfigPath + ".swp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, ConfigPath, overwrite: true);
    }

    private async Task AssertNoRequestAsync()
    {
        using var silence = new CancellationTokenSource(ConfigFileWatcher.Quiet + Silence);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _requests.NextAsync(silence.Token));
    }
}

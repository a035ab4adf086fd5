using Edge.Config;
using Edge.Reload;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

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
        // The quiet period runs on a test clock: on a loaded machine the real gap between two
        // saves can outlast it, which is a different case (two reloads, rightly).
        var clock = new FakeTimeProvider();
        File.WriteAllText(ConfigPath, "# first");
        using var watcher = Watcher(onSave: true, clock);
        await watcher.StartAsync(CancellationToken.None);

        Save("# second");
        Save("# third");
        File.WriteAllText(Path.Combine(_directory, "other.toml"), "# not the config");
        await Task.Delay(500); // the file system's events reach the watcher

        clock.Advance(ConfigFileWatcher.Quiet * 0.9);
        await AssertNoRequestAsync(TimeSpan.FromMilliseconds(300));
        // An event that arrived late only restarts the quiet period: moving the clock on again ends it.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var request = _requests.NextAsync(bound.Token);
        while (!request.IsCompleted && !bound.IsCancellationRequested)
        {
            clock.Advance(ConfigFileWatcher.Quiet);
            await Task.WhenAny(request, Task.Delay(200));
        }
        Assert.Equal("file saved", await request);
        clock.Advance(ConfigFileWatcher.Quiet * 3);
        await AssertNoRequestAsync(Silence);
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

    private ConfigFileWatcher Watcher(bool onSave, TimeProvider? time = null) =>
        new(new ConfigSource(ConfigPath), new CurrentConfig(new EdgeConfig { Reload = new ReloadConfig { OnSave = onSave } }), _requests, time ?? TimeProvider.System, NullLoggerFactory.Instance);

    /// <summary>As an editor saves: a new file beside the old one, renamed over it.</summary>
    private void Save(string text)
    {
        var temporary = ConfigPath + ".swp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, ConfigPath, overwrite: true);
    }

    private Task AssertNoRequestAsync() => AssertNoRequestAsync(ConfigFileWatcher.Quiet + Silence);

    private async Task AssertNoRequestAsync(TimeSpan wait)
    {
        using var silence = new CancellationTokenSource(wait);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _requests.NextAsync(silence.Token));
    }
}

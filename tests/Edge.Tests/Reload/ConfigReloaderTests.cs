using Edge.Config;
using Edge.Hosting;
using Edge.Media.Health;
using Edge.Reload;
using Edge.Tests.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Tests.Reload;

public sealed class ConfigReloaderTests : IDisposable
{
    private const string Running = """
        [camera.front]
        source = "test"
        fps = 30

        [camera.back]
        source = "test"
        fps = 15

        [log]
        level = "info"
        """;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"edge-reload-{Guid.NewGuid():N}.toml");
    private readonly NotifySocket _systemd = new();
    private readonly RecordingService _service = new();
    private readonly ReloadNotices _notices = new();
    private readonly LogLevelSwitch _logLevel = new(LogLevelSetting.Info);
    private readonly CurrentConfig _current;
    private readonly ConfigReloader _reloader;

    public ConfigReloaderTests()
    {
        File.WriteAllText(_path, Running);
        var loaded = ConfigLoader.LoadFile(_path);
        Assert.True(loaded.IsValid);
        _current = new CurrentConfig(loaded.Config);
        var health = new HealthModel(TimeProvider.System);
        _reloader = new ConfigReloader(new ConfigSource(_path), _current, [_service], _notices,
            new SystemdNotifications(LibraryNotifier.For(_systemd.Path), NullLogger<SystemdNotifications>.Instance),
            health, _logLevel, TimeProvider.System, NullLoggerFactory.Instance);
    }

    public void Dispose()
    {
        _reloader.Dispose();
        _systemd.Dispose();
        File.Delete(_path);
    }

    [Fact]
    public async Task AValidFile_IsAppliedAsItsDifference_AndSystemdHearsReloadingThenReady()
    {
        await File.WriteAllTextAsync(_path, Running.Replace("fps = 15", "fps = 5", StringComparison.Ordinal).Replace("\"info\"", "\"debug\"", StringComparison.Ordinal));

        Assert.True(await _reloader.ReloadAsync(CancellationToken.None));

        var (next, difference) = Assert.Single(_service.Applied);
        Assert.Equal(["back"], difference.CamerasChanged.Select(c => c.Name));
        Assert.Same(next, _current.Value);
        Assert.Equal(5, _current.Value.Cameras[1].Fps);
        Assert.Equal(LogLevel.Debug, _logLevel.Level);
        var received = await _systemd.WaitForAsync("READY=1", TimeSpan.FromSeconds(5));
        var reloading = Assert.Single(received, m => m.Contains("RELOADING=1", StringComparison.Ordinal));
        Assert.Matches(@"MONOTONIC_USEC=\d+", reloading);
        Assert.True(received.ToList().FindIndex(m => m.Contains("RELOADING=1", StringComparison.Ordinal)) < received.ToList().FindIndex(m => m.Contains("READY=1", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AFileWithAnError_IsRefusedAsAWhole_AndTheRunningConfigStays()
    {
        var before = _current.Value;
        // One good change and one error: nothing of it may be applied.
        await File.WriteAllTextAsync(_path, Running.Replace("fps = 15", "fps = 5", StringComparison.Ordinal).Replace("fps = 30", "fps = 500", StringComparison.Ordinal));

        Assert.False(await _reloader.ReloadAsync(CancellationToken.None));

        Assert.Empty(_service.Applied);
        Assert.Same(before, _current.Value);
        var refusal = _notices.Refusal;
        Assert.NotNull(refusal);
        Assert.Equal($"{_path}:3:7: camera.front.fps must be between 1 and 120, got 500", Assert.Single(refusal.Errors));
        var received = await _systemd.WaitForAsync("READY=1", TimeSpan.FromSeconds(5));
        Assert.Contains(received, m => m.Contains("READY=1", StringComparison.Ordinal) && m.Contains("STATUS=reload refused, running config kept: 1 problem in " + _path, StringComparison.Ordinal));

        // Fixed and reloaded: the notice goes.
        await File.WriteAllTextAsync(_path, Running.Replace("fps = 15", "fps = 5", StringComparison.Ordinal));
        Assert.True(await _reloader.ReloadAsync(CancellationToken.None));
        Assert.Null(_notices.Refusal);
        Assert.Single(_service.Applied);
    }

    [Fact]
    public async Task AnUnchangedFile_RestartsNothing()
    {
        await File.WriteAllTextAsync(_path, "# a comment changes nothing\n" + Running);

        Assert.True(await _reloader.ReloadAsync(CancellationToken.None));

        Assert.Empty(_service.Applied);
    }

    [Fact]
    public async Task AServiceThatFails_DoesNotStopTheOthers()
    {
        var failing = new RecordingService { Fails = true };
        using var reloader = new ConfigReloader(new ConfigSource(_path), _current, [failing, _service], _notices,
            new SystemdNotifications(LibraryNotifier.For(null), NullLogger<SystemdNotifications>.Instance),
            new HealthModel(TimeProvider.System), _logLevel, TimeProvider.System, NullLoggerFactory.Instance);
        await File.WriteAllTextAsync(_path, Running.Replace("fps = 15", "fps = 5", StringComparison.Ordinal));

        Assert.True(await reloader.ReloadAsync(CancellationToken.None));

        Assert.Single(failing.Applied);
        Assert.Single(_service.Applied);
    }

    private sealed class RecordingService : IReloadable
    {
        public List<(EdgeConfig Next, ConfigDifference Difference)> Applied { get; } = [];

        public bool Fails { get; init; }

        public Task ApplyAsync(EdgeConfig next, ConfigDifference difference, CancellationToken cancellationToken)
        {
            Applied.Add((next, difference));
            return Fails ? Task.FromException(new InvalidOperationException("device busy")) : Task.CompletedTask;
        }
    }
}

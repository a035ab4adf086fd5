using Edge.Config;
using Edge.Reload;
using Edge.Tests.Status.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Tests.Reload;

public sealed class SectionServiceTests
{
    private static readonly EdgeConfig Running = new()
    {
        Cameras = [new CameraConfig { Name = "front", Source = CameraSourceKind.Test }],
        Display = new DisplayConfig { Bus = 1 },
    };

    [Fact]
    public async Task TheService_IsRebuiltWithTheNewConfig_OnlyWhenItsTablesChange()
    {
        var journal = new List<string>();
        await using var provider = new ServiceCollection().AddSingleton(journal).AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).BuildServiceProvider();
        await using var section = new SectionService<RecordingService>(provider, new CurrentConfig(Running), ConfigSections.Display | ConfigSections.Device);
        await section.StartAsync(CancellationToken.None);

        var otherTable = Running with { Log = new LogConfig { Level = LogLevelSetting.Debug } };
        await section.ApplyAsync(otherTable, ConfigDifference.Between(Running, otherTable), CancellationToken.None);
        var camera = Running with { Cameras = [Running.Cameras[0] with { Fps = 5 }] };
        await section.ApplyAsync(camera, ConfigDifference.Between(Running, camera), CancellationToken.None);
        Assert.Equal(["start bus 1"], journal);

        var display = Running with { Display = new DisplayConfig { Bus = 3 } };
        await section.ApplyAsync(display, ConfigDifference.Between(Running, display), CancellationToken.None);
        Assert.Equal(["start bus 1", "stop bus 1", "dispose bus 1", "start bus 3"], journal);

        await section.StopAsync(CancellationToken.None);
        Assert.Equal("stop bus 3", journal[^1]);
    }

    [Fact]
    public async Task AServiceNoConfigUses_IsNotRestarted_ByAChangeOfTheTablesItReads_UntilAConfigUsesIt()
    {
        // MQTT reads [device], [http] and the cameras too, but without an [mqtt] table it does nothing.
        var journal = new List<string>();
        using var log = new RecordingLoggerFactory();
        await using var provider = new ServiceCollection().AddSingleton(journal).AddSingleton<ILoggerFactory>(log).BuildServiceProvider();
        var withoutDisplay = Running with { Display = null };
        await using var section = new SectionService<RecordingService>(provider, new CurrentConfig(withoutDisplay), ConfigSections.Display | ConfigSections.Device, config => config.Display is not null);
        await section.StartAsync(CancellationToken.None);

        var renamed = withoutDisplay with { Device = new DeviceConfig { Name = "renamed" } };
        await section.ApplyAsync(renamed, ConfigDifference.Between(withoutDisplay, renamed), CancellationToken.None);
        Assert.Equal(["start bus "], journal);
        Assert.Empty(log.Lines);

        // A display appears, then goes: both restart it (the second stops the running panel).
        var display = renamed with { Display = new DisplayConfig { Bus = 2 } };
        await section.ApplyAsync(display, ConfigDifference.Between(renamed, display), CancellationToken.None);
        await section.ApplyAsync(renamed, ConfigDifference.Between(display, renamed), CancellationToken.None);
        Assert.Equal(["start bus ", "stop bus ", "dispose bus ", "start bus 2", "stop bus 2", "dispose bus 2", "start bus "], journal);
        Assert.Equal(["RecordingService: its settings changed; restarting it", "RecordingService: its settings changed; restarting it"], log.Lines.Select(l => l.Text));
    }

    /// <summary>Built by the section service from the config it is given, like the real services.</summary>
    internal sealed class RecordingService(EdgeConfig config, List<string> journal) : IHostedService, IDisposable
    {
        private string Name => $"bus {config.Display?.Bus}";

        public Task StartAsync(CancellationToken cancellationToken)
        {
            journal.Add("start " + Name);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            journal.Add("stop " + Name);
            return Task.CompletedTask;
        }

        public void Dispose() => journal.Add("dispose " + Name);
    }
}

using Edge.Config;
using Edge.Reload;
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

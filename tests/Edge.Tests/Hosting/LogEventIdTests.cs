using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Edge.Tests.Hosting;

/// <summary>
/// Every log line has its own event id across the whole daemon, so that `journalctl` filters and
/// users' alert rules on an id mean one thing.
/// </summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void EveryLoggerMessage_HasAnEventIdOfItsOwn()
    {
        var assemblies = new[]
        {
            typeof(Edge.Hosting.EdgeHost).Assembly,
            typeof(Edge.Config.ConfigLoader).Assembly,
            typeof(Edge.Media.AccessUnit).Assembly,
            typeof(Edge.Video.VideoFrame).Assembly,
            typeof(Edge.Rtsp.Server.RtspServer).Assembly,
            typeof(Edge.Rtmp.Client.RtmpPublisher).Assembly,
            typeof(Edge.Gpio.GpioAbi).Assembly,
            typeof(Edge.Linux.IO.DeviceFile).Assembly,
        };
        var owners = new Dictionary<int, List<string>>();
        foreach (var assembly in assemblies.Distinct())
        {
            foreach (var type in assembly.GetTypes())
            {
                foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    if (method.GetCustomAttribute<LoggerMessageAttribute>() is not { } message)
                        continue;
                    if (!owners.TryGetValue(message.EventId, out var list))
                        owners[message.EventId] = list = [];
                    list.Add($"{type.FullName}.{method.Name}");
                }
            }
        }

        Assert.True(owners.Count > 50, $"only {owners.Count} log messages found");
        var shared = owners.Where(o => o.Value.Count > 1).Select(o => $"{o.Key}: {string.Join(", ", o.Value)}").ToArray();
        Assert.True(shared.Length == 0, "event ids used more than once:\n" + string.Join("\n", shared));
    }
}

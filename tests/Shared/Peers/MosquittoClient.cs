using System.Diagnostics;

namespace Edge.Tests.Shared.Peers;

/// <summary>
/// <c>mosquitto_sub</c> subscribed to some topics, its messages collected (bounded) as
/// (retained, topic, payload), and <c>mosquitto_pub</c> to publish: the MQTT side of Home
/// Assistant, played by Debian's own clients.
/// </summary>
public sealed class MosquittoClient : IDisposable
{
    public const string SubPath = "/usr/bin/mosquitto_sub";
    public const string PubPath = "/usr/bin/mosquitto_pub";

    private readonly PeerProcess _process;

    private MosquittoClient(PeerProcess process) => _process = process;

    /// <summary>Everything received so far (the last 2000 lines mosquitto_sub printed), in order.</summary>
    /// <remarks>mosquitto_sub prints one line per message, <c>RETAIN TOPIC PAYLOAD</c> (<c>-F "%r %t %p"</c>); edge's payloads are one line.</remarks>
    public IReadOnlyList<MqttReceived> Messages =>
        _process.Output.Split('\n')
            .Select(line => line.Split(' ', 3))
            .Where(parts => parts.Length >= 2 && parts[0] is "0" or "1")
            .Select(parts => new MqttReceived(parts[0] == "1", parts[1], parts.Length == 3 ? parts[2] : ""))
            .ToArray();

    /// <summary>Subscribes to <paramref name="topics"/> (filters with wildcards allowed) on the broker at <paramref name="port"/>.</summary>
    /// <param name="caFile">For a TLS listener: the CA to check the broker's certificate with (<c>--cafile</c>).</param>
    public static async Task<MosquittoClient> SubscribeAsync(int port, IEnumerable<string> topics, string? user = null, string? password = null, string? caFile = null)
    {
        var args = new List<string> { "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-F", "%r %t %p", "-q", "1" };
        args.AddRange(Credentials(user, password));
        if (caFile is not null)
            args.AddRange(["--cafile", caFile]);
        foreach (var topic in topics)
            args.AddRange(["-t", topic]);
        var client = new MosquittoClient(PeerProcess.Start(SubPath, args));
        // mosquitto_sub prints nothing until a message arrives; give it a moment to subscribe, and fail fast if it quit.
        await Task.Delay(300);
        if (client._process.HasExited)
            throw new InvalidOperationException($"mosquitto_sub exited ({client._process.ExitCode}):\n{client._process.Output}");
        return client;
    }

    /// <summary>Publishes one message with <c>mosquitto_pub</c> and waits for it to finish.</summary>
    public static async Task PublishAsync(int port, string topic, string payload, string? user = null, string? password = null)
    {
        var args = new List<string> { "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-q", "1", "-t", topic, "-m", payload };
        args.AddRange(Credentials(user, password));
        using var pub = PeerProcess.Start(PubPath, args);
        if (!await pub.WaitForExitAsync(TimeSpan.FromSeconds(10)) || pub.ExitCode != 0)
            throw new InvalidOperationException($"mosquitto_pub failed:\n{pub.Output}");
    }

    /// <summary>Waits (bounded) for a message matching <paramref name="match"/>.</summary>
    public async Task<MqttReceived> WaitForAsync(Func<MqttReceived, bool> match, TimeSpan timeout, Func<string>? context = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = Messages.FirstOrDefault(match);
            if (found is not null)
                return found;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"no matching MQTT message within {timeout.TotalSeconds:0} s; received:\n{string.Join('\n', Messages.Select(m => $"{(m.Retained ? "retained " : "")}{m.Topic} {m.Payload}"))}\n{_process.Output}\n{context?.Invoke()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> messages match, and returns them; fails when another number came.</summary>
    public async Task<IReadOnlyList<MqttReceived>> WaitForCountAsync(Func<MqttReceived, bool> match, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Messages.Count(match) < count && clock.Elapsed < timeout)
            await Task.Delay(100);
        var matching = Messages.Where(match).ToArray();
        if (matching.Length != count)
            throw new InvalidOperationException($"{matching.Length} matching MQTT messages within {timeout.TotalSeconds:0} s, not {count}:\n{string.Join('\n', matching.Select(m => $"{m.Topic} {m.Payload}"))}");
        return matching;
    }

    public void Dispose() => _process.Dispose();

    private static IEnumerable<string> Credentials(string? user, string? password) =>
        user is null ? [] : ["-u", user, "-P", password ?? ""];
}

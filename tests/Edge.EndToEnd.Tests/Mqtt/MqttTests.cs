using System.Text.Json;
using Edge.EndToEnd.Tests.Rtsp;
using Edge.EndToEnd.Tests.Support;
using Edge.Tests.Shared.Peers;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Mqtt;

/// <summary>
/// The real binary and Debian's mosquitto broker, with mosquitto_sub and mosquitto_pub playing
/// Home Assistant: discovery configs checked against Home Assistant's schema, state, availability
/// and the last will, the button's commands, a broker that comes late, and a login.
/// </summary>
public sealed class MqttTests(ITestOutputHelper output)
{
    private const string Device = "e2e-mqtt";
    private const string BaseTopic = "edge/e2e-mqtt";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static string Config(int brokerPort, string extra = "") => $"""
        {TestCameras.One}
        [device]
        name = "{Device}"

        [mqtt]
        url = "mqtt://127.0.0.1:{brokerPort}"
        {extra}
        """;

    [Fact]
    public async Task Discovery_state_commands_and_the_last_will_reach_a_subscriber()
    {
        using var broker = await MosquittoBroker.StartAsync();
        await using var edge = await EdgeServer.StartAsync(Config(broker.Port));
        await edge.Process.WaitForOutputAsync("MQTT: connected to", Bound);

        // A subscriber arriving now sees what Home Assistant sees when it starts: the retained messages.
        using var ha = await MosquittoClient.SubscribeAsync(broker.Port, ["homeassistant/#", BaseTopic + "/#"]);
        var online = await ha.WaitForAsync(m => m.Topic == BaseTopic + "/availability", Bound, () => edge.Process.Output);
        Assert.Equal((true, "online"), (online.Retained, online.Payload));
        await ha.WaitForAsync(m => m.Topic == BaseTopic + "/state" && StateOf(m, "cam") == "streaming", Bound, () => edge.Process.Output);
        // One camera, no push: the box's problem sensor, clients sensor and two buttons; the camera's state, fps, clients and snapshot.
        await ha.WaitForCountAsync(m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal), 8, Bound);

        var messages = ha.Messages;
        var configs = messages.Where(m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal)).ToDictionary(m => m.Topic, m => m.Payload);
        Assert.All(messages.Where(m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal)), m => Assert.True(m.Retained, m.Topic));
        var retained = messages.Where(m => m.Retained && m.Topic.StartsWith(BaseTopic, StringComparison.Ordinal))
            .GroupBy(m => m.Topic).ToDictionary(g => g.Key, g => g.Last().Payload);
        var problems = HomeAssistantDiscoverySchema.Problems(configs, "homeassistant", retained);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Equal(["binary_sensor", "button", "image", "sensor"], configs.Keys.Select(t => t.Split('/')[1]).Distinct().Order());
        foreach (var (topic, payload) in configs)
            output.WriteLine($"{topic} {payload}");

        // The snapshot URL in the state, which the image entity reads, serves a JPEG.
        using (var state = JsonDocument.Parse(retained[BaseTopic + "/state"]))
        {
            var snapshotUrl = state.RootElement.GetProperty("cameras").GetProperty("cam").GetProperty("snapshot_url").GetString()!;
            using var http = new HttpClient { Timeout = Bound };
            var jpeg = await http.GetByteArrayAsync(snapshotUrl);
            Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg[..2]);
        }

        // State updates: an RTSP client starts playing, and the state says so.
        var pull = RtspPull.DecodeAsync(edge.Url("cam"), "tcp", 320, 240, 4);
        await ha.WaitForAsync(m => m is { Retained: false, Topic: BaseTopic + "/state" } && ClientsOf(m, "cam") == 1, Bound, () => edge.Process.Output);
        output.WriteLine($"pulled {(await pull).Frames} frames while watched");

        // The button's two actions, pressed from the broker.
        await MosquittoClient.PublishAsync(broker.Port, BaseTopic + "/command", "refresh");
        await edge.Process.WaitForOutputAsync("MQTT: command \"refresh\" received; forcing keyframes and reconnecting pushes", Bound);
        await MosquittoClient.PublishAsync(broker.Port, BaseTopic + "/command", "restart_pipelines");
        await edge.Process.WaitForOutputAsync("camera cam: restarting on request", Bound);
        await MosquittoClient.PublishAsync(broker.Port, BaseTopic + "/command", "self-destruct");
        await edge.Process.WaitForOutputAsync("MQTT: ignored an unknown command", Bound);

        // kill -9: no goodbye from edge, so the broker publishes the last will.
        edge.Process.Signal(Posix.SIGKILL);
        var offline = await ha.WaitForAsync(m => m.Topic == BaseTopic + "/availability" && m.Payload == "offline", Bound, () => broker.Output);
        Assert.False(offline.Retained); // delivered live; the broker keeps it retained for later subscribers, checked next
        using var later = await MosquittoClient.SubscribeAsync(broker.Port, [BaseTopic + "/availability"]);
        var kept = await later.WaitForAsync(m => m.Topic == BaseTopic + "/availability", Bound);
        Assert.Equal((true, "offline"), (kept.Retained, kept.Payload));
    }

    [Fact]
    public async Task A_broker_that_comes_late_and_wants_a_login_costs_the_video_nothing()
    {
        const string user = "edge-e2e";
        const string password = "e2e-mqtt-secret-9d1c";
        using var broker = await MosquittoBroker.CreateAsync(user: user, password: password);
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(Config(broker.Port, $"user = \"{user}\"\npassword = \"{password}\"") + $"\n[http]\nlisten = \"127.0.0.1:{httpPort}\"\n");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };

        // No broker: edge streams anyway, and says once that it will retry.
        await StatusApi.WaitUntilStreamingAsync(client, "cam", edge, Bound);
        await edge.Process.WaitForOutputAsync("MQTT: mqtt://127.0.0.1:", Bound);
        var pulled = await RtspPull.DecodeAsync(edge.Url("cam"), "tcp", 320, 240, 3);
        RtspPull.AssertClean(pulled, 75, startupAllowance: 5, source: edge);

        // The broker appears: edge connects within its back-off and logs in.
        await broker.StartAgainAsync();
        using var ha = await MosquittoClient.SubscribeAsync(broker.Port, [BaseTopic + "/#"], user, password);
        var online = await ha.WaitForAsync(m => m.Topic == BaseTopic + "/availability" && m.Payload == "online", TimeSpan.FromSeconds(60), () => edge.Process.Output + "\n" + broker.Output);
        await ha.WaitForAsync(m => m.Topic == BaseTopic + "/state" && StateOf(m, "cam") == "streaming", Bound, () => edge.Process.Output);
        Assert.Contains($"MQTT: connected to mqtt://127.0.0.1:{broker.Port} as {user}", edge.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, edge.Process.Output, StringComparison.Ordinal);
        output.WriteLine(online.ToString());
    }

    [Fact]
    public async Task Behind_a_login_the_published_snapshot_url_opens_without_credentials_and_only_that()
    {
        // Home Assistant's MQTT image entity fetches snapshot_url with no credentials at all.
        using var broker = await MosquittoBroker.StartAsync();
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(Config(broker.Port) + $"""

            [http]
            listen = "127.0.0.1:{httpPort}"
            auth = "login"
            [[http.users]]
            name = "viewer"
            password = "e2e-page-secret-51f0"
            """);
        using var ha = await MosquittoClient.SubscribeAsync(broker.Port, [BaseTopic + "/state"]);
        var state = await ha.WaitForAsync(m => m.Topic == BaseTopic + "/state" && StateOf(m, "cam") == "streaming", Bound, () => edge.Process.Output);
        var url = CameraField(state, "cam", "snapshot_url")?.GetString();
        output.WriteLine($"snapshot_url: {url}");
        Assert.NotNull(url);
        Assert.Matches(@$"^http://127\.0\.0\.1:{httpPort}/cameras/cam/snapshot\.jpg\?key=[0-9a-f]{{32}}$", url);
        using var anonymous = new HttpClient { Timeout = Bound };

        using var snapshot = await anonymous.GetAsync(url);
        using var withoutKey = await anonymous.GetAsync(url[..url.IndexOf('?', StringComparison.Ordinal)]);
        using var page = await anonymous.GetAsync($"http://127.0.0.1:{httpPort}/api/status{url[url.IndexOf('?', StringComparison.Ordinal)..]}");

        Assert.Equal(System.Net.HttpStatusCode.OK, snapshot.StatusCode);
        Assert.Equal("image/jpeg", snapshot.Content.Headers.ContentType?.MediaType);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, page.StatusCode);
    }

    [Fact]
    public async Task A_broker_that_hangs_costs_the_video_nothing_and_is_reconnected_when_it_wakes()
    {
        using var broker = await MosquittoBroker.StartAsync();
        await using var edge = await EdgeServer.StartAsync(Config(broker.Port));
        await edge.Process.WaitForOutputAsync("MQTT: connected to", Bound);

        // SIGSTOP: the broker's socket stays open but nothing answers, the worst a broker can do.
        // A client joining changes the state, so edge publishes into the silence while it streams.
        Posix.Signal(broker.ProcessId, Posix.SIGSTOP);
        try
        {
            var pulled = await RtspPull.DecodeAsync(edge.Url("cam"), "tcp", 320, 240, 5);
            RtspPull.AssertClean(pulled, 125, startupAllowance: 5, source: edge);
            await edge.Process.WaitForOutputAsync("MQTT: mqtt://127.0.0.1:", Bound); // the publish timed out: the connection counts as failed
            var pulledAgain = await RtspPull.DecodeAsync(edge.Url("cam"), "tcp", 320, 240, 3);
            RtspPull.AssertClean(pulledAgain, 75, startupAllowance: 5, source: edge);
        }
        finally
        {
            Posix.Signal(broker.ProcessId, Posix.SIGCONT);
        }

        // Awake again: edge is back within its back-off and says online.
        using var ha = await MosquittoClient.SubscribeAsync(broker.Port, [BaseTopic + "/availability"]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (System.Text.RegularExpressions.Regex.Matches(edge.Process.Output, "MQTT: connected to").Count < 2 && clock.Elapsed < TimeSpan.FromSeconds(90))
            await Task.Delay(200);
        Assert.True(System.Text.RegularExpressions.Regex.Matches(edge.Process.Output, "MQTT: connected to").Count >= 2, edge.Process.Output);
        await ha.WaitForAsync(m => m.Payload == "online", Bound, () => edge.Process.Output);
    }

    private static string? StateOf(MqttReceived message, string camera) => CameraField(message, camera, "state")?.GetString();

    private static int? ClientsOf(MqttReceived message, string camera) => CameraField(message, camera, "clients")?.GetInt32();

    private static JsonElement? CameraField(MqttReceived message, string camera, string field)
    {
        try
        {
            using var document = JsonDocument.Parse(message.Payload);
            return document.RootElement.GetProperty("cameras").TryGetProperty(camera, out var c) && c.TryGetProperty(field, out var value) ? value.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

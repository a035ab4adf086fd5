using System.Text;
using System.Text.Json;
using Edge.Config;
using Edge.Media.Health;
using Edge.Mqtt;
using Edge.Status;
using Edge.Tests.Status;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Tests.Mqtt;

/// <summary>The state JSON and the Home Assistant discovery configs, built from the status page's own snapshot.</summary>
public sealed class MqttPayloadTests
{
    private static readonly MqttConfig Mqtt = new() { Url = Url("mqtt://127.0.0.1"), BaseTopic = "edge/porch" };

    private static MqttUrl Url(string text)
    {
        Assert.True(MqttUrl.TryParse(text, out var url, out var error), error);
        return url;
    }

    private static (StatusSnapshot Status, HealthModel Health) Snapshot(EdgeConfig config)
    {
        var health = StatusTestData.Health(config, new FakeTimeProvider());
        health.RtspClientStarted("front");
        return (StatusTestData.Collector(config, health).Collect(System.Net.IPAddress.Parse("192.168.1.20")), health);
    }

    [Fact]
    public void State_HasEveryCamera_ByName_WithItsOwnClients()
    {
        var config = StatusTestData.Config(httpPort: 8080);
        var (status, health) = Snapshot(config);

        var json = Encoding.UTF8.GetString(MqttStatePayload.Serialize(MqttStatePayload.From(status, health.RtspClientsOf, withSnapshots: true)));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal("9.8.7", root.GetProperty("version").GetString());
        Assert.Equal(3725, root.GetProperty("uptime_s").GetInt64());
        Assert.False(root.GetProperty("healthy").GetBoolean());
        Assert.Contains("camera back: failed (cannot open /dev/video2: No such device)", root.GetProperty("health_reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, root.GetProperty("rtsp_clients").GetInt32()); // two without a camera in the test data, one on front
        var front = root.GetProperty("cameras").GetProperty("front");
        Assert.Equal(("streaming", 25, 1), (front.GetProperty("state").GetString(), front.GetProperty("fps").GetInt32(), front.GetProperty("clients").GetInt32()));
        Assert.Equal("rtsp://192.168.1.20:8554/front", front.GetProperty("rtsp_url").GetString());
        Assert.Equal("http://127.0.0.1:8080/cameras/front/snapshot.jpg", front.GetProperty("snapshot_url").GetString());
        var back = root.GetProperty("cameras").GetProperty("back");
        Assert.Equal(("failed", 0), (back.GetProperty("state").GetString(), back.GetProperty("clients").GetInt32()));
        Assert.DoesNotContain('\n', back.GetProperty("detail").GetString()!);
        var push = Assert.Single(root.GetProperty("pushes").EnumerateArray());
        Assert.Equal(("front", "retrying", 123_456), (push.GetProperty("camera").GetString(), push.GetProperty("state").GetString(), push.GetProperty("bytes_sent").GetInt64()));
        Assert.DoesNotContain(StatusTestData.StreamKey, json, StringComparison.Ordinal);
        Assert.DoesNotContain("hush1234", json, StringComparison.Ordinal);
    }

    [Fact]
    public void State_BehindALogin_GivesSnapshotUrlsWithTheirCamerasKey()
    {
        var config = StatusTestData.Config(httpPort: 8080);
        var (status, health) = Snapshot(config);
        var links = new Edge.Snapshots.SnapshotLinks();

        using var document = JsonDocument.Parse(MqttStatePayload.Serialize(MqttStatePayload.From(status, health.RtspClientsOf, withSnapshots: true, links)));

        var url = document.RootElement.GetProperty("cameras").GetProperty("front").GetProperty("snapshot_url").GetString();
        Assert.Equal($"http://127.0.0.1:8080/cameras/front/snapshot.jpg?key={links.KeyFor("front")}", url);
    }

    [Fact]
    public void State_WhenHealthy_SaysSoWithAnExplicitNullReason_AndNoSnapshotsWithoutHttp()
    {
        var config = StatusTestData.Config() with { Pushes = [], Cameras = [StatusTestData.Config().Cameras[0]] };
        var health = new HealthModel(new FakeTimeProvider());
        health.SetCamera("front", CameraState.Streaming, "ok");
        var status = StatusTestData.Collector(config, health).Collect(System.Net.IPAddress.Loopback);

        using var document = JsonDocument.Parse(MqttStatePayload.Serialize(MqttStatePayload.From(status, health.RtspClientsOf, withSnapshots: false)));

        Assert.True(document.RootElement.GetProperty("healthy").GetBoolean());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("health_reason").ValueKind);
        Assert.False(document.RootElement.GetProperty("cameras").GetProperty("front").TryGetProperty("snapshot_url", out _));
    }

    [Fact]
    public void Discovery_IsValidForHomeAssistant_AndItsTemplatesReadTheState()
    {
        var config = StatusTestData.Config(httpPort: 8080);
        var (status, health) = Snapshot(config);
        var topics = new MqttTopics(Mqtt);

        var messages = HomeAssistantDiscovery.Build(topics, status, withSnapshots: true, "http://127.0.0.1:8080/");

        var configs = messages.ToDictionary(m => m.Topic, m => Encoding.UTF8.GetString(m.Payload));
        var retained = new Dictionary<string, string>
        {
            [topics.State] = Encoding.UTF8.GetString(MqttStatePayload.Serialize(MqttStatePayload.From(status, health.RtspClientsOf, withSnapshots: true))),
            [topics.Availability] = "online",
        };
        Assert.Empty(HomeAssistantDiscoverySchema.Problems(configs, "homeassistant", retained));
        Assert.All(messages, m => Assert.True(m.Retain));
        // The box: problem, clients, two buttons, one push; each of two cameras: state, fps, clients, snapshot.
        Assert.Equal(4 + 1 + 2 * 4, messages.Count);
        Assert.Contains("homeassistant/image/edge_porch/camera_front_snapshot/config", configs.Keys);
        Assert.Contains("homeassistant/button/edge_porch/restart_pipelines/config", configs.Keys);
    }

    [Fact]
    public void Discovery_Buttons_SendTheCommandsEdgeAccepts_AndCamerasHangOffTheBox()
    {
        var (status, _) = Snapshot(StatusTestData.Config(httpPort: 8080));
        var topics = new MqttTopics(Mqtt);

        var configs = HomeAssistantDiscovery.Build(topics, status, withSnapshots: true, null)
            .ToDictionary(m => m.Topic, m => JsonDocument.Parse(m.Payload).RootElement);

        var refresh = configs["homeassistant/button/edge_porch/refresh/config"];
        Assert.Equal(("edge/porch/command", MqttCommands.Refresh), (refresh.GetProperty("command_topic").GetString(), refresh.GetProperty("payload_press").GetString()));
        var restart = configs["homeassistant/button/edge_porch/restart_pipelines/config"];
        Assert.Equal(MqttCommands.RestartPipelines, restart.GetProperty("payload_press").GetString());
        var camera = configs["homeassistant/sensor/edge_porch/camera_back_state/config"];
        Assert.Equal("edge_porch_camera_back_state", camera.GetProperty("unique_id").GetString());
        Assert.Equal("edge_porch", camera.GetProperty("device").GetProperty("via_device").GetString());
        Assert.Equal(["edge_porch_camera_back"], camera.GetProperty("device").GetProperty("identifiers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("9.8.7", camera.GetProperty("device").GetProperty("sw_version").GetString());
        Assert.Equal("edge/porch/availability", camera.GetProperty("availability_topic").GetString());
        // Null keys are left out rather than sent as null, which Home Assistant would reject.
        Assert.False(camera.TryGetProperty("command_topic", out _));
    }

    [Fact]
    public void Discovery_WithoutHttp_HasNoSnapshotImage()
    {
        var (status, _) = Snapshot(StatusTestData.Config());

        var messages = HomeAssistantDiscovery.Build(new MqttTopics(Mqtt), status, withSnapshots: false, null);

        Assert.DoesNotContain(messages, m => m.Topic.StartsWith("homeassistant/image/", StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_CatchesWhatHomeAssistantWouldReject()
    {
        var configs = new Dictionary<string, string>
        {
            ["homeassistant/sensor/n/a/config"] = """{"name":"A","unique_id":"u","availability_topic":"t/av","device":{"identifiers":["d"]},"value_template":"{{ value_json.x }}"}""",
            ["homeassistant/button/n/b/config"] = """{"name":"B","unique_id":"u","availability_topic":"t/av","device":{"identifiers":["d"]},"command_topic":"t/#"}""",
            ["homeassistant/image/n/c/config"] = """{"name":"C","unique_id":"v","availability_topic":"t/av","device":{}}""",
            ["homeassistant/sensor/n/d/config"] = """{"name":"D","unique_id":"w","availability_topic":"t/av","device":{"identifiers":["d"]},"state_topic":"t/s","value_template":"{{ value_json.cameras['nope'].state }}"}""",
        };
        var retained = new Dictionary<string, string> { ["t/av"] = "online", ["t/s"] = """{"cameras":{"cam":{"state":"streaming"}}}""" };

        var problems = HomeAssistantDiscoverySchema.Problems(configs, "homeassistant", retained);

        Assert.Contains(problems, p => p.Contains("a/config: state_topic missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("unique_id u is also used", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("command_topic \"t/#\" is not a valid topic name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("c/config: device.identifiers missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("exactly one of url_topic and image_topic", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("value_json.cameras['nope'].state does not exist", StringComparison.Ordinal));
    }
}

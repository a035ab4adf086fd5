using Edge.Config;

namespace Edge.Config.Tests.Binding;

/// <summary>The optional <c>[mqtt]</c> table: broker URL, credentials, topics.</summary>
public sealed class MqttConfigTests
{
    [Fact]
    public void NoTable_NoMqtt()
    {
        Assert.Null(ConfigLoader.LoadText("[camera.a]", "t.toml").Config!.Mqtt);
    }

    [Fact]
    public void EveryKey_IsBound()
    {
        const string text = """
            [camera.a]
            [mqtt]
            url = "mqtts://broker.lan:8884"
            user = "edge"
            password = "pw"
            base_topic = "farm/barn/edge"
            discovery = false
            discovery_prefix = "ha"
            """;

        var result = ConfigLoader.LoadText(text, "t.toml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var mqtt = result.Config.Mqtt;
        Assert.NotNull(mqtt);
        Assert.Equal((true, "broker.lan", 8884), (mqtt.Url.IsTls, mqtt.Url.Host, mqtt.Url.Port));
        Assert.Equal(("edge", "pw", "farm/barn/edge", false, "ha"), (mqtt.User, mqtt.Password, mqtt.BaseTopic, mqtt.Discovery, mqtt.DiscoveryPrefix));
    }

    [Fact]
    public void Defaults_DeriveTheBaseTopicFromTheDeviceName()
    {
        var result = ConfigLoader.LoadText("[device]\nname = \"Front door #2\"\n[camera.a]\n[mqtt]\nurl = \"mqtt://127.0.0.1\"", "t.toml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var mqtt = result.Config.Mqtt!;
        Assert.Equal((false, "127.0.0.1", 1883), (mqtt.Url.IsTls, mqtt.Url.Host, mqtt.Url.Port));
        Assert.Equal("edge/Front_door__2", mqtt.BaseTopic); // a wildcard or space in a device name never reaches a topic
        Assert.Equal(("homeassistant", true), (mqtt.DiscoveryPrefix, mqtt.Discovery));
        Assert.Null(mqtt.User);
        Assert.Null(mqtt.Password);
    }

    [Theory]
    [InlineData("mqtt://h", false, "h", 1883)]
    [InlineData("mqtts://h", true, "h", 8883)]
    [InlineData("MQTT://[::1]:1884/", false, "::1", 1884)]
    public void Urls_AsUsersWriteThem(string text, bool tls, string host, int port)
    {
        Assert.True(MqttUrl.TryParse(text, out var url, out var error), error);

        Assert.Equal((tls, host, port), (url.IsTls, url.Host, url.Port));
    }

    [Theory]
    [InlineData("[camera.a]\n[mqtt]\nuser = \"x\"", "t.toml:2:1: mqtt.url must be set to the broker, like \"mqtt://homeassistant.local:1883\"")]
    [InlineData("[camera.a]\n[mqtt]\nurl = \"tcp://h:1883\"", "t.toml:3:7: mqtt.url must start with mqtt:// or mqtts://, not tcp://")]
    [InlineData("[camera.a]\n[mqtt]\nurl = \"mqtt://h:0\"", "mqtt.url has a port that is not a number from 1 to 65535")]
    [InlineData("[camera.a]\n[mqtt]\nurl = \"mqtt://h/topic\"", "topics are set by mqtt.base_topic")]
    [InlineData("[camera.a]\n[mqtt]\nurl = \"mqtt://h\"\npassword = \"p\"", "mqtt.password is set but mqtt.user is not")]
    [InlineData("[camera.a]\n[mqtt]\nurl = \"mqtt://h\"\nbase_topic = \"edge/#\"", "t.toml:4:14: mqtt.base_topic must not contain the wildcards + or #, like \"edge/edge-cam\"; got \"edge/#\"")]
    [InlineData("[camera.a]\n[mqtt]\nurl = \"mqtt://h\"\nbase_topic = \"edge/\"", "mqtt.base_topic must not start or end with /")]
    [InlineData("[camera.a]\n[mqtt]\nurl = \"mqtt://h\"\ndiscovery_prefix = \"$SYS\"", "mqtt.discovery_prefix must not start with $")]
    [InlineData("[camera.a]\n[mqtt]\nurl = \"mqtt://h\"\ndiscovery = \"yes\"", "mqtt.discovery must be true or false, got a string")]
    [InlineData("[camera.a]\n[mqtt]\nurl = \"mqtt://h\"\nbasetopic = \"x\"", "unknown key \"mqtt.basetopic\"; did you mean \"base_topic\"?")]
    [InlineData("mqtt = \"mqtt://h\"\n[camera.a]", "mqtt must be a table, got a string")]
    public void Mistakes_AreLocatedAndExplained(string text, string expected)
    {
        var result = ConfigLoader.LoadText(text, "t.toml");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[camera.a]\n[mqtt]\nurl = \"mqtt://edge:SUPERSECRETKEY@h\"")]
    [InlineData("[camera.a]\n[mqtt]\nurl = \"mqtt://h\"\npassword = \"SUPERSECRETKEY\"")]
    [InlineData("[camera.a]\n[mqtt]\nurl = \"mqtt://h\"\nuser = \"u\"\npassword = \"SUPERSECRETKEY\"\nbase_topic = \"SUPERSECRETKEY/#\"")]
    public void Errors_NeverEchoThePassword(string text)
    {
        var result = ConfigLoader.LoadText(text, "t.toml");

        Assert.False(result.IsValid);
        Assert.DoesNotContain(result.Errors, e => e.ToString().Contains("SUPERSECRETKEY", StringComparison.Ordinal));
    }

    [Fact]
    public void ToString_MasksThePassword()
    {
        var mqtt = ConfigLoader.LoadText("[camera.a]\n[mqtt]\nurl = \"mqtt://h\"\nuser = \"u\"\npassword = \"SUPERSECRETKEY\"", "t.toml").Config!.Mqtt!;

        Assert.DoesNotContain("SUPERSECRETKEY", mqtt.ToString(), StringComparison.Ordinal);
        Assert.Contains("Password = ***", mqtt.ToString(), StringComparison.Ordinal);
    }
}

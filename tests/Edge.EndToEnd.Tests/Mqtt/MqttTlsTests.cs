using System.Text.RegularExpressions;
using Edge.EndToEnd.Tests.Rtsp;
using Edge.EndToEnd.Tests.Support;
using Edge.Tests.Shared.Peers;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Mqtt;

/// <summary>
/// mqtts:// to a home broker: Debian's mosquitto with a TLS listener whose certificate comes from
/// a private CA made with openssl, and mosquitto_sub reading over TLS with that CA. Edge trusts
/// it through tls_ca_file or tls_fingerprint, and refuses it otherwise, saying why and what to set.
/// </summary>
public sealed class MqttTlsTests(ITestOutputHelper output)
{
    private const string Device = "e2e-mqtts";
    private const string BaseTopic = "edge/e2e-mqtts";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static string Config(string url, string trust) => $"""
        {TestCameras.One}
        [device]
        name = "{Device}"

        [mqtt]
        url = "{url}"
        {trust}
        """;

    [Fact]
    public async Task With_the_brokers_CA_in_tls_ca_file_edge_connects_and_Home_Assistant_reads_discovery_and_state_over_TLS()
    {
        using var certificates = await OpensslCertificates.CreateAsync();
        using var broker = await MosquittoBroker.StartAsync(tls: certificates.Listener);
        await using var edge = await EdgeServer.StartAsync(Config($"mqtts://127.0.0.1:{broker.Port}", $"tls_ca_file = \"{certificates.CaFile}\""));

        await edge.Process.WaitForOutputAsync($"MQTT: connected to mqtts://127.0.0.1:{broker.Port}", Bound);
        using var ha = await MosquittoClient.SubscribeAsync(broker.Port, ["homeassistant/#", BaseTopic + "/#"], caFile: certificates.CaFile);
        var online = await ha.WaitForAsync(m => m.Topic == BaseTopic + "/availability", Bound, () => edge.Process.Output);
        Assert.Equal((true, "online"), (online.Retained, online.Payload));
        await ha.WaitForAsync(m => m.Topic == BaseTopic + "/state" && m.Payload.Contains("\"state\":\"streaming\"", StringComparison.Ordinal), Bound, () => edge.Process.Output);
        // One camera, no push: the same eight discovery configs as over plain MQTT, valid by Home Assistant's schema.
        var configs = await ha.WaitForCountAsync(m => m.Retained && m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal), 8, Bound);
        var retained = ha.Messages.Where(m => m.Retained && m.Topic.StartsWith(BaseTopic, StringComparison.Ordinal))
            .GroupBy(m => m.Topic).ToDictionary(g => g.Key, g => g.Last().Payload);
        var problems = HomeAssistantDiscoverySchema.Problems(configs.ToDictionary(m => m.Topic, m => m.Payload), "homeassistant", retained);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.DoesNotContain("not trusted", edge.Process.Output, StringComparison.Ordinal);
        output.WriteLine(string.Join('\n', configs.Select(m => m.Topic)));
    }

    [Fact]
    public async Task Without_trust_settings_a_private_CA_is_refused_once_with_the_fix_retried_with_back_off_and_the_video_streams_on()
    {
        using var certificates = await OpensslCertificates.CreateAsync();
        using var broker = await MosquittoBroker.StartAsync(tls: certificates.Listener);
        await using var edge = await EdgeServer.StartAsync(Config($"mqtts://127.0.0.1:{broker.Port}", ""));

        var refusal = "the TLS certificate of 127.0.0.1 is not trusted: it is not trusted by this system (";
        await edge.Process.WaitForOutputAsync($"MQTT: mqtts://127.0.0.1:{broker.Port}: {refusal}", Bound);
        var pulled = await RtspPull.DecodeAsync(edge.Url("cam"), "tcp", 320, 240, 4);
        RtspPull.AssertClean(pulled, 100, startupAllowance: 5, source: edge);
        // The back-off (1 s, 2 s, …) tries again: said at debug level, the warning only once.
        await WaitForOutputCountAsync(edge, $"MQTT: mqtts://127.0.0.1:{broker.Port}: failed again: the TLS certificate of 127.0.0.1 is not trusted", 2);

        var log = edge.Process.Output;
        var said = log.Split('\n').Where(l => l.Contains(refusal, StringComparison.Ordinal)).ToArray();
        var warning = Assert.Single(said, l => l.Contains(" warn: ", StringComparison.Ordinal));
        Assert.All(said.Where(l => l != warning), l => Assert.Contains(" dbug: ", l, StringComparison.Ordinal));
        output.WriteLine(string.Join('\n', said));
        Assert.Contains($"(its SHA-256 fingerprint is {certificates.ServerFingerprint})", warning, StringComparison.Ordinal);
        Assert.Contains("; if the broker is your own, set tls_ca_file in [mqtt] to its CA's PEM file (or its self-signed certificate), or tls_fingerprint to its certificate's SHA-256 fingerprint; retrying in", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("MQTT: connected to", log, StringComparison.Ordinal);
        Assert.DoesNotContain("New client connected", broker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_matching_tls_fingerprint_connects_and_a_wrong_one_is_refused_naming_both()
    {
        using var certificates = await OpensslCertificates.CreateAsync();
        using var broker = await MosquittoBroker.StartAsync(tls: certificates.Listener);

        await using (var pinned = await EdgeServer.StartAsync(Config($"mqtts://127.0.0.1:{broker.Port}", $"tls_fingerprint = \"{certificates.ServerFingerprint}\"")))
        {
            await pinned.Process.WaitForOutputAsync($"MQTT: connected to mqtts://127.0.0.1:{broker.Port}", Bound);
            using var ha = await MosquittoClient.SubscribeAsync(broker.Port, [BaseTopic + "/state"], caFile: certificates.CaFile);
            await ha.WaitForAsync(m => m.Topic == BaseTopic + "/state", Bound, () => pinned.Process.Output);
        }

        // Another certificate's fingerprint: the broker's own, with its first byte changed.
        var wrong = (certificates.ServerFingerprint[..2] == "00" ? "11" : "00") + certificates.ServerFingerprint[2..];
        await using var mispinned = await EdgeServer.StartAsync(Config($"mqtts://127.0.0.1:{broker.Port}", $"tls_fingerprint = \"{wrong}\""));
        var refusal = $"MQTT: mqtts://127.0.0.1:{broker.Port}: the TLS certificate of 127.0.0.1 is not trusted: its SHA-256 fingerprint {certificates.ServerFingerprint} is not the pinned one ({wrong})";
        var warning = await RefusedAsync(mispinned, refusal);
        Assert.Contains("if the broker's certificate was replaced on purpose, set mqtt.tls_fingerprint to the new fingerprint", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused_even_from_the_trusted_CA()
    {
        using var certificates = await OpensslCertificates.CreateAsync("DNS:broker.home.arpa");
        using var broker = await MosquittoBroker.StartAsync(tls: certificates.Listener);
        await using var edge = await EdgeServer.StartAsync(Config($"mqtts://127.0.0.1:{broker.Port}", $"tls_ca_file = \"{certificates.CaFile}\""));

        var refusal = $"MQTT: mqtts://127.0.0.1:{broker.Port}: the TLS certificate of 127.0.0.1 is not trusted: it is for broker.home.arpa, not for 127.0.0.1";
        var warning = await RefusedAsync(edge, refusal);
        Assert.Contains("; put a name the certificate is for in mqtt.url, or pin this certificate with mqtt.tls_fingerprint", warning, StringComparison.Ordinal);
    }

    /// <summary>Waits for the refusal, and returns the line that says it; edge never connected.</summary>
    private async Task<string> RefusedAsync(EdgeServer edge, string refusal)
    {
        await edge.Process.WaitForOutputAsync(refusal, Bound);
        var warning = edge.Process.Output.Split('\n').First(l => l.Contains(refusal, StringComparison.Ordinal));
        output.WriteLine(warning);
        Assert.DoesNotContain("MQTT: connected to", edge.Process.Output, StringComparison.Ordinal);
        return warning;
    }

    private static async Task WaitForOutputCountAsync(EdgeServer edge, string text, int count)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Regex.Matches(edge.Process.Output, Regex.Escape(text)).Count < count && clock.Elapsed < Bound)
            await Task.Delay(200);
        Assert.True(Regex.Matches(edge.Process.Output, Regex.Escape(text)).Count >= count, edge.Process.Output);
    }
}

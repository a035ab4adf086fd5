using System.Globalization;
using System.Net;
using Edge.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Onvif;

/// <summary>
/// ONVIF against the NativeAOT binary with a second client written apart from the npm onvif
/// package: node-onvif (0.1.7), with its own SOAP envelopes, its own WS-UsernameToken
/// (PasswordDigest) and its own HTTP Digest for the snapshot. It reads the capabilities, the
/// device information, every profile with its stream and snapshot URIs, and fetches the snapshots;
/// ffprobe plays the stream URI; a wrong password and no login are refused.
/// </summary>
public sealed class NodeOnvifTests(ITestOutputHelper output)
{
    private const string User = "viewer";
    private const string Password = "node-onvif-pw";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [NodeOnvifFact]
    public async Task The_node_onvif_client_logs_in_reads_every_profile_and_its_snapshot_and_a_wrong_password_is_refused()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(
            OnvifTests.Cameras(httpPort, "auth = \"digest\""),
            rtspExtra: $"auth = \"digest\"\n[[rtsp.users]]\nname = \"{User}\"\npassword = \"{Password}\"");
        using var http = new HttpClient(new SocketsHttpHandler { Credentials = new NetworkCredential(User, Password) }) { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        await StatusApi.WaitUntilStreamingAsync(http, "cam", edge, Bound);
        await StatusApi.WaitUntilStreamingAsync(http, "yard", edge, Bound);
        var origin = $"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}";
        var deviceService = $"{origin}/onvif/device_service";

        var (exit, json, stderr) = await NodeOnvifClient.RunAsync(deviceService, User, Password);
        Assert.True(exit == 0, $"node-onvif failed: {stderr}\n{edge.Process.Output}");
        using var _ = json;
        var root = json!.RootElement;
        output.WriteLine(root.ToString());

        var info = root.GetProperty("info");
        Assert.Equal("Edge", info.GetProperty("Manufacturer").GetString());
        Assert.Matches("^[0-9A-F]{12}$", info.GetProperty("SerialNumber").GetString());
        // The media service was found through GetCapabilities, not assumed.
        Assert.Equal($"{origin}/onvif/media_service", root.GetProperty("mediaXAddr").GetString());

        var profiles = root.GetProperty("profiles").EnumerateArray().ToDictionary(p => p.GetProperty("token").GetString()!);
        Assert.Equal(["cam", "yard"], profiles.Keys);
        var yard = profiles["yard"];
        Assert.Equal(("H264", 160, 120, 5, 300), (yard.GetProperty("encoding").GetString(), yard.GetProperty("width").GetInt32(), yard.GetProperty("height").GetInt32(),
            yard.GetProperty("fps").GetInt32(), yard.GetProperty("bitrate").GetInt32()));
        foreach (var (token, profile) in profiles)
        {
            Assert.Equal(edge.Url(token), profile.GetProperty("rtsp").GetString());
            Assert.Equal($"{origin}/cameras/{token}/snapshot.jpg", profile.GetProperty("snapshotUri").GetString());
            // Fetched by node-onvif itself, answering the HTTP Digest challenge.
            Assert.Equal("image/jpeg", profile.GetProperty("snapshotType").GetString());
            Assert.True(profile.GetProperty("snapshotIsJpeg").GetBoolean(), $"{token}: the snapshot is not a whole JPEG ({profile.GetProperty("snapshotBytes").GetInt32()} bytes)");
        }

        // The URI as given, with the login an NVR adds to it.
        var streamUri = new UriBuilder(profiles["cam"].GetProperty("rtsp").GetString()!) { UserName = User, Password = Password }.Uri.ToString();
        await OnvifTests.AssertPlaysAsync(streamUri, 320, 240);

        var wrong = await NodeOnvifClient.RunAsync(deviceService, User, "not-" + Password);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("Sender not authorized", wrong.Stderr, StringComparison.Ordinal);
        var anonymous = await NodeOnvifClient.RunAsync(deviceService);
        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.Contains("401 Unauthorized - Sender not authorized: no credentials", anonymous.Stderr, StringComparison.Ordinal);
        output.WriteLine($"wrong password: {wrong.Stderr.Trim()}\nno login: {anonymous.Stderr.Trim()}");
        Assert.DoesNotContain("not-" + Password, edge.Process.Output, StringComparison.Ordinal);
    }
}

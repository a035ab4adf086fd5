using Edge.Config;

namespace Edge.Config.Tests.Binding;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void DocumentedConfig_IsValid_AndEqualsTheBuiltInDefaults()
    {
        var path = RepoFiles.Path("config", "edge.toml");

        var result = ConfigLoader.LoadFile(path);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var defaults = ConfigLoader.Defaults();
        Assert.Equivalent(defaults with { SourcePath = path }, result.Config, strict: true);
    }

    [Fact]
    public void BuiltInDefaults_HaveOneAutoCameraOnPort8554()
    {
        var config = ConfigLoader.Defaults();

        var camera = Assert.Single(config.Cameras);
        Assert.Equal("cam", camera.Name);
        Assert.Equal(CameraSourceKind.Auto, camera.Source);
        Assert.Equal((1280, 720, 30), (camera.Width, camera.Height, camera.Fps));
        Assert.Equal(8554, config.Rtsp.Listen.Port);
        Assert.Empty(config.Pushes);
        Assert.Null(config.SourcePath);
    }

    [Fact]
    public void FullConfig_BindsEveryKey()
    {
        const string text = """
            [device]
            name = "barn"
            [rtsp]
            listen = "[::]:554"
            transports = ["tcp"]
            auth = "digest"
            realm = "farm"
            max_clients = 8
            session_timeout_s = 30
            rtp_payload_size = 1200
            udp_rtp_port = 9000
            multicast_address = "239.1.2.3"
            multicast_port = 9002
            multicast_ttl = 4
            [[rtsp.users]]
            name = "viewer"
            password = "s3cret"
            [camera.front]
            source = "v4l2"
            device = "/dev/video2"
            width = 640
            height = 480
            fps = 25
            format = "yuyv"
            [camera.front.encoder]
            kind = "ffmpeg"
            codec = "libx264"
            bitrate_kbps = 1000
            keyframe_interval_s = 0.5
            profile = "baseline"
            [camera.back]
            source = "test"
            [[push]]
            camera = "front"
            url = "rtmps://live.example.com/app/inst/KEY123?token=abc"
            audio = "silent"
            tls_fingerprint = "aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99"
            enabled = false
            [leds]
            chip = "pinctrl-bcm2835"
            active_low = true
            status = "GPIO17"
            upstream = 27
            [button]
            line = "GPIO22"
            long_press_s = 3
            [http]
            enabled = false
            listen = "0.0.0.0:8081"
            live_viewers_per_camera = 50
            [display]
            bus = 3
            address = 0x3D
            rotation = 180
            [log]
            level = "debug"
            [reload]
            on_save = true
            """;

        var result = ConfigLoader.LoadText(text, "full.toml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var config = result.Config;
        Assert.Equal("barn", config.Device.Name);
        Assert.Equal(new ListenEndpoint("::", 554), config.Rtsp.Listen);
        Assert.Equal(RtspTransports.Tcp, config.Rtsp.Transports);
        Assert.Equal(RtspAuthMode.Digest, config.Rtsp.Auth);
        Assert.Equal("farm", config.Rtsp.Realm);
        Assert.Equal(new UserConfig("viewer", "s3cret"), Assert.Single(config.Rtsp.Users));
        Assert.Equal((8, 30.0, 1200, 9000, "239.1.2.3", 9002, 4),
            (config.Rtsp.MaxClients, config.Rtsp.SessionTimeout.TotalSeconds, config.Rtsp.RtpPayloadSize, config.Rtsp.UdpRtpPort,
             config.Rtsp.MulticastAddress, config.Rtsp.MulticastPort, config.Rtsp.MulticastTtl));
        Assert.Equal(["front", "back"], config.Cameras.Select(c => c.Name));
        var front = config.Cameras[0];
        Assert.Equal((CameraSourceKind.V4l2, "/dev/video2", 640, 480, 25, CapturePixelFormat.Yuyv),
            (front.Source, front.Device, front.Width, front.Height, front.Fps, front.Format));
        Assert.Equal(EncoderKind.Ffmpeg, front.Encoder.Kind);
        Assert.Equal(["libx264"], front.Encoder.Codecs);
        Assert.Equal((1000, 0.5, H264Profile.Baseline), (front.Encoder.BitrateKbps, front.Encoder.KeyframeInterval.TotalSeconds, front.Encoder.Profile));
        Assert.Equal(CameraSourceKind.Test, config.Cameras[1].Source);
        var push = Assert.Single(config.Pushes);
        Assert.Equal(("front", true, "live.example.com", 443, "app/inst", "KEY123?token=abc"),
            (push.Camera, push.Url.IsTls, push.Url.Host, push.Url.Port, push.Url.App, push.Url.StreamKey));
        Assert.Equal((PushAudio.Silent, false), (push.Audio, push.Enabled));
        Assert.Equal("AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899", push.TlsFingerprint);
        Assert.NotNull(config.Leds);
        Assert.Equal(("pinctrl-bcm2835", true, new GpioLineRef("GPIO17", null), new GpioLineRef(null, 27), (GpioLineRef?)null),
            (config.Leds.Chip, config.Leds.ActiveLow, config.Leds.Status, config.Leds.Upstream, config.Leds.Clients));
        Assert.NotNull(config.Button);
        Assert.Equal(("pinctrl-bcm2835", new GpioLineRef("GPIO22", null), true, 3.0),
            (config.Button.Chip, config.Button.Line, config.Button.ActiveLow, config.Button.LongPress.TotalSeconds));
        Assert.False(config.Http.Enabled);
        Assert.Equal(50, config.Http.LiveViewersPerCamera);
        Assert.NotNull(config.Display);
        Assert.Equal((3, 0x3D, 180), (config.Display.Bus, config.Display.Address, config.Display.RotationDegrees));
        Assert.Equal(LogLevelSetting.Debug, config.Log.Level);
        Assert.True(config.Reload.OnSave);
    }

    [Fact]
    public void FiveMistakes_GiveFiveLocatedErrors()
    {
        const string text = """
            [rtsp]
            listen = "0.0.0.0:99999"
            [camera.front]
            fps = 500
            widht = 640
            source = "usb"
            [[push]]
            camera = "frnt"
            url = "rtmp://example.com/live/KEY"
            """;

        var result = ConfigLoader.LoadText(text, "edge.toml");

        Assert.False(result.IsValid);
        var messages = result.Errors.Select(e => e.ToString()).ToArray();
        Assert.Equal(5, messages.Length);
        Assert.Contains(messages, m => m.StartsWith("edge.toml:2:10: rtsp.listen", StringComparison.Ordinal) && m.Contains("1 to 65535", StringComparison.Ordinal));
        Assert.Contains("edge.toml:4:7: camera.front.fps must be between 1 and 120, got 500", messages);
        Assert.Contains(messages, m => m.StartsWith("edge.toml:5:1: unknown key \"camera.front.widht\"; did you mean \"width\"?", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("edge.toml:6:10: camera.front.source must be one of auto, v4l2, rpicam, test", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("edge.toml:8:10: push[0].camera is \"frnt\"", StringComparison.Ordinal) && m.Contains("did you mean \"front\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[camera.a]\nfsp = 10", "did you mean \"fps\"?")]
    [InlineData("[rtps]\nlisten = \"0.0.0.0:8554\"\n[camera.a]", "unknown key \"rtps\"; did you mean \"rtsp\"?")]
    [InlineData("[camera.a.encoder]\nbitrate = 100", "did you mean \"bitrate_kbps\"?")]
    [InlineData("[camera.a]\n[camera.a.encoder]\nkind = \"x264\"", "camera.a.encoder.kind must be one of auto, v4l2m2m, ffmpeg, passthrough; got \"x264\"")]
    public void UnknownKeysAndWords_SuggestTheRightOne(string text, string expected)
    {
        var result = ConfigLoader.LoadText(text, "t.toml");

        Assert.Contains(result.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[camera.a]\nwidth = 641", "camera.a.width must be even")]
    [InlineData("[camera.a]\nfps = \"30\"", "camera.a.fps must be an integer, got a string")]
    [InlineData("[camera.a]\ndevice = \"video0\"", "must be a device path under /dev")]
    [InlineData("[camera.a]\nsource = \"test\"\n[camera.a.encoder]\nkind = \"passthrough\"", "passthrough")]
    [InlineData("[camera.a]\nsource = \"file\"", "camera.a.source is \"file\", so camera.a.file must name a raw H.264 file")]
    [InlineData("[camera.a]\nsource = \"rpicam\"\n[camera.a.encoder]\nkind = \"ffmpeg\"", "which delivers H.264 already; set camera.a.encoder.kind to \"auto\" or \"passthrough\"")]
    [InlineData("[rtsp]\nauth = \"basic\"\n[camera.a]", "no [[rtsp.users]] are configured")]
    [InlineData("[rtsp]\ntransports = [\"udp\", \"quic\"]\n[camera.a]", "rtsp.transports entries must be udp, tcp or multicast; got \"quic\"")]
    [InlineData("[rtsp]\nudp_rtp_port = 8001\n[camera.a]", "must be even")]
    [InlineData("[rtsp]\nmulticast_address = \"10.0.0.1\"\n[camera.a]", "IPv4 multicast address")]
    [InlineData("[camera.\"front door\"]", "camera name \"front door\" must be 1 to 64 letters")]
    [InlineData("[device]", "no camera is configured")]
    [InlineData("[camera.a]\n[push]\ncamera = \"a\"", "write [[push]] with two brackets")]
    [InlineData("[camera.a]\n[[push]]\ncamera = \"a\"\nurl = \"http://x/y/z\"", "push[0].url must start with rtmp:// or rtmps://, not http://")]
    [InlineData("[camera.a]\n[[push]]\ncamera = \"a\"\nurl = \"rtmp://host/onlykey\"", "must name an application and a stream key")]
    [InlineData("[camera.a]\n[[push]]\ncamera = \"a\"\nurl = \"rtmp://h/app/k\"\ntls_ca_file = \"/etc/ca.pem\"", "only applies to rtmps:// URLs")]
    [InlineData("[camera.a]\n[leds]\nstatus = \"GPIO17\"\nupstream = \"GPIO17\"", "each LED needs its own line")]
    [InlineData("[camera.a]\n[button]\nactive_low = true", "button.line must name the GPIO line")]
    [InlineData("[camera.a]\n[log]\nlevel = \"verbose\"", "log.level must be one of trace, debug, info, warning, error")]
    [InlineData("[camera.a]\n[display]\nbus = -1", "display.bus must be between 0 and 255, got -1")]
    [InlineData("[camera.a]\n[display]\naddress = 0x80", "display.address must be a 7-bit I2C address from 0x03 to 0x77, like 0x3C")]
    [InlineData("[camera.a]\n[display]\naddress = \"0x3C\"", "display.address must be an integer, got a string")]
    [InlineData("[camera.a]\n[display]\nrotation = 90", "display.rotation must be 0, or 180 for a panel mounted upside down; got 90")]
    [InlineData("[camera.a]\n[display]\nadress = 0x3C", "did you mean \"address\"?")]
    public void InvalidValues_AreExplained(string text, string expected)
    {
        var result = ConfigLoader.LoadText(text, "t.toml");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidConfig_KeepsValidLeds_SoTheStatusLedCanShowTheError()
    {
        var result = ConfigLoader.LoadText("[camera.a]\nfps = 500\n[leds]\nchip = \"gpiochip1\"\nstatus = \"GPIO17\"\n", "t.toml");

        Assert.False(result.IsValid);
        Assert.NotNull(result.Leds);
        Assert.Equal(("gpiochip1", new GpioLineRef("GPIO17", null)), (result.Leds.Chip, result.Leds.Status));
    }

    [Theory]
    [InlineData("[camera.a]\nfps = 500\n")]                                                  // no [leds]
    [InlineData("[camera.a]\nfps = 500\n[leds]\nstatus = \"GPIO17\"\nupstream = 17\nblink = 1\n")] // [leds] wrong too
    [InlineData("[camera.a]\nfps = = 500\n[leds]\nstatus = \"GPIO17\"\n")]                // not TOML at all
    [InlineData("[camera.a]\n[leds]\nstatus = \"GPIO17\"\n")]                              // valid: the config itself has them
    public void Leds_AreOnlyRescuedFromAnOtherwiseBrokenConfig(string text)
    {
        Assert.Null(ConfigLoader.LoadText(text, "t.toml").Leds);
    }

    [Fact]
    public void TomlSyntaxError_IsLocated()
    {
        var result = ConfigLoader.LoadText("[camera.a]\nfps = = 3\n", "bad.toml");

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Position.Line);
        Assert.StartsWith("bad.toml:2:", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[camera.a]\n[[push]]\ncamera = \"a\"\nurl = \"rtmp://host:99999/live/SUPERSECRETKEY\"")]
    [InlineData("[camera.a]\n[[push]]\ncamera = \"a\"\nurl = \"rtmp://user:SUPERSECRETKEY@host/live/x\"")]
    [InlineData("[camera.a]\n[[push]]\ncamera = \"nope\"\nurl = \"rtmp://host/live/SUPERSECRETKEY\"")]
    [InlineData("[camera.a]\n[[push]]\ncamera = \"a\"\nurl = \"ftp://host/live/SUPERSECRETKEY\"")]
    [InlineData("[rtsp]\nauth = \"basic\"\n[[rtsp.users]]\nname = \"a:b\"\npassword = \"SUPERSECRETKEY\"\n[camera.a]")]
    [InlineData("[rtsp]\nauth = \"basic\"\n[[rtsp.users]]\nname = \"x\"\npassword = \"SUPERSECRETKEY\"\npasword = \"SUPERSECRETKEY\"\n[camera.a]")]
    public void Errors_NeverEchoSecrets(string text)
    {
        var result = ConfigLoader.LoadText(text, "t.toml");

        Assert.False(result.IsValid);
        Assert.DoesNotContain(result.Errors, e => e.ToString().Contains("SUPERSECRETKEY", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingFile_SaysWhatToDo()
    {
        var result = ConfigLoader.LoadFile("/nonexistent/edge.toml");

        var error = Assert.Single(result.Errors);
        Assert.Equal("/nonexistent/edge.toml: does not exist; create it from the documented example (config/edge.toml) or give another path with --config", error.ToString());
    }

    [Fact]
    public void HugeFile_IsRefusedBeforeReading()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, new byte[ConfigLoader.MaxFileBytes + 1]);

            var result = ConfigLoader.LoadFile(path);

            Assert.Contains("a config file must be under", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Edge.Media.Text;

namespace Edge.Config;

/// <summary>
/// Turns a parsed <c>edge.toml</c> into an <see cref="EdgeConfig"/>, checking every key's type
/// and range and the rules between sections, and reporting all problems at once.
/// </summary>
/// <remarks>
/// Hand-written rather than reflection-bound so that it works under NativeAOT and so that every
/// message can name the key, the valid range and the place.
/// </remarks>
internal static partial class EdgeConfigBinder
{
    private static readonly (string, CameraSourceKind)[] SourceKinds =
        [("auto", CameraSourceKind.Auto), ("v4l2", CameraSourceKind.V4l2), ("rpicam", CameraSourceKind.Rpicam), ("test", CameraSourceKind.Test), ("file", CameraSourceKind.File)];

    private static readonly (string, CapturePixelFormat)[] PixelFormats =
        [("auto", CapturePixelFormat.Auto), ("yuyv", CapturePixelFormat.Yuyv), ("mjpeg", CapturePixelFormat.Mjpeg),
         ("nv12", CapturePixelFormat.Nv12), ("yu12", CapturePixelFormat.Yu12), ("h264", CapturePixelFormat.H264)];

    private static readonly (string, EncoderKind)[] EncoderKinds =
        [("auto", EncoderKind.Auto), ("v4l2m2m", EncoderKind.V4l2m2m), ("ffmpeg", EncoderKind.Ffmpeg), ("passthrough", EncoderKind.Passthrough)];

    private static readonly (string, H264Profile)[] Profiles =
        [("baseline", H264Profile.Baseline), ("main", H264Profile.Main), ("high", H264Profile.High)];

    private static readonly (string, OverlayCorner)[] OverlayCorners =
        [("top-left", OverlayCorner.TopLeft), ("top-right", OverlayCorner.TopRight), ("bottom-left", OverlayCorner.BottomLeft), ("bottom-right", OverlayCorner.BottomRight)];

    private static readonly (string, EncoderPreset)[] Presets =
        [("auto", EncoderPreset.Auto), ("ultrafast", EncoderPreset.Ultrafast), ("superfast", EncoderPreset.Superfast), ("veryfast", EncoderPreset.Veryfast),
         ("faster", EncoderPreset.Faster), ("fast", EncoderPreset.Fast), ("medium", EncoderPreset.Medium)];

    private static readonly (string, BitrateMode)[] BitrateModes = [("vbr", BitrateMode.Vbr), ("cbr", BitrateMode.Cbr)];

    private static readonly (string, RtspAuthMode)[] AuthModes =
        [("none", RtspAuthMode.None), ("basic", RtspAuthMode.Basic), ("digest", RtspAuthMode.Digest)];

    private static readonly (string, HttpAuthMode)[] HttpAuthModes =
        [("auto", HttpAuthMode.Auto), ("none", HttpAuthMode.None), ("login", HttpAuthMode.Login), ("digest", HttpAuthMode.Digest)];

    private static readonly (string, RtspTransports)[] TransportNames =
        [("udp", RtspTransports.Udp), ("tcp", RtspTransports.Tcp), ("multicast", RtspTransports.Multicast)];

    private static readonly (string, PushAudio)[] AudioModes = [("none", PushAudio.None), ("silent", PushAudio.Silent)];

    private static readonly (string, LogLevelSetting)[] LogLevels =
        [("trace", LogLevelSetting.Trace), ("debug", LogLevelSetting.Debug), ("info", LogLevelSetting.Info),
         ("warning", LogLevelSetting.Warning), ("error", LogLevelSetting.Error)];

    public static EdgeConfig Bind(ConfigTable root, ConfigDiagnostics diagnostics, string? sourcePath)
    {
        var reader = new ConfigTableReader(diagnostics, root, "");
        var device = BindDevice(reader.GetTable("device"));
        var rtsp = BindRtsp(reader.GetTable("rtsp"));
        var cameras = BindCameras(reader, "camera");
        var pushes = BindPushes(reader.GetTableArray("push"), cameras);
        var leds = BindLeds(reader.GetTable("leds"));
        var button = BindButton(reader.GetTable("button"), leds);
        var http = BindHttp(reader.GetTable("http"), rtsp, sourcePath);
        var display = BindDisplay(reader.GetTable("display"));
        var mqtt = BindMqtt(reader.GetTable("mqtt"), device, sourcePath);
        var onvif = BindOnvif(reader.GetTable("onvif"), http, rtsp);
        var mdns = BindMdns(reader.GetTable("mdns"));
        var log = BindLog(reader.GetTable("log"));
        var reload = BindReload(reader.GetTable("reload"));
        reader.ReportUnknownKeys();

        if (cameras.Count == 0)
            diagnostics.Add(default, "no camera is configured; add a [camera.NAME] table (NAME becomes the RTSP path)");
        CheckLedLines(leds, button, reader);

        return new EdgeConfig
        {
            SourcePath = sourcePath,
            Device = device,
            Rtsp = rtsp,
            Cameras = cameras,
            Pushes = pushes,
            Leds = leds,
            Button = button,
            Http = http,
            Display = display,
            Mqtt = mqtt,
            Onvif = onvif,
            Mdns = mdns,
            Log = log,
            Reload = reload,
        };
    }

    /// <summary>
    /// The <c>[leds]</c> table on its own, or null when it is absent or has errors itself: with
    /// it, the status LED can show that the rest of the config is broken.
    /// </summary>
    public static LedsConfig? BindLedsAlone(ConfigTable root, string? sourcePath)
    {
        var diagnostics = new ConfigDiagnostics(sourcePath);
        var reader = new ConfigTableReader(diagnostics, root, "");
        var leds = BindLeds(reader.GetTable("leds"));
        CheckLedLines(leds, null, reader);
        return diagnostics.Errors.Count == 0 ? leds : null;
    }

    private static DeviceConfig BindDevice(ConfigTableReader? table)
    {
        if (table is null)
            return new DeviceConfig();
        var name = table.GetString("name", "edge-cam");
        if (name.Length is 0 or > 64 || name.Any(char.IsControl))
        {
            table.Error("name", "device.name must be 1 to 64 printable characters");
            name = "edge-cam";
        }
        table.ReportUnknownKeys();
        return new DeviceConfig { Name = name };
    }

    private static RtspConfig BindRtsp(ConfigTableReader? table)
    {
        var defaults = new RtspConfig();
        if (table is null)
            return defaults;

        var listen = BindListen(table, "listen", defaults.Listen);
        var transports = RtspTransports.None;
        foreach (var name in table.GetStringList("transports", ["udp", "tcp", "multicast"]))
        {
            var match = Array.Find(TransportNames, t => string.Equals(t.Item1, name, StringComparison.OrdinalIgnoreCase));
            if (match.Item1 is null)
                table.Error("transports", $"rtsp.transports entries must be udp, tcp or multicast; got \"{name}\"");
            else
                transports |= match.Item2;
        }
        if (transports == RtspTransports.None && table.Has("transports"))
            table.Error("transports", "rtsp.transports must name at least one of udp, tcp, multicast");

        var auth = table.GetChoice("auth", RtspAuthMode.None, AuthModes);
        var users = BindUsers(table);
        if (auth != RtspAuthMode.None && users.Count == 0)
            table.Error("auth", $"rtsp.auth is \"{auth.ToString().ToLowerInvariant()}\" but no [[rtsp.users]] are configured; add one or set auth = \"none\"");

        var realm = table.GetString("realm", defaults.Realm);
        if (realm.Length == 0 || realm.Contains('"', StringComparison.Ordinal))
        {
            table.Error("realm", "rtsp.realm must be a non-empty string without quotes");
            realm = defaults.Realm;
        }
        var maxClients = table.GetInt("max_clients", defaults.MaxClients, 1, 10_000);
        var timeout = table.GetSeconds("session_timeout_s", defaults.SessionTimeout, 5, 3600);
        var payload = table.GetInt("rtp_payload_size", defaults.RtpPayloadSize, 256, 8950, "bytes");
        var rtpPort = table.GetInt("udp_rtp_port", defaults.UdpRtpPort, 1024, 65534);
        if (rtpPort % 2 != 0)
        {
            table.Error("udp_rtp_port", $"rtsp.udp_rtp_port must be even (RTCP uses the next port), got {rtpPort}");
            rtpPort = defaults.UdpRtpPort;
        }
        var multicastAddress = table.GetString("multicast_address", defaults.MulticastAddress);
        if (!IPAddress.TryParse(multicastAddress, out var group) || group.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork ||
            group.GetAddressBytes()[0] is < 224 or > 239)
        {
            table.Error("multicast_address", $"rtsp.multicast_address must be an IPv4 multicast address (224.0.0.0 to 239.255.255.255), got \"{multicastAddress}\"");
            multicastAddress = defaults.MulticastAddress;
        }
        var multicastPort = table.GetInt("multicast_port", defaults.MulticastPort, 1024, 65534);
        if (multicastPort % 2 != 0)
        {
            table.Error("multicast_port", $"rtsp.multicast_port must be even (RTCP uses the next port), got {multicastPort}");
            multicastPort = defaults.MulticastPort;
        }
        var ttl = table.GetInt("multicast_ttl", defaults.MulticastTtl, 1, 255);
        table.ReportUnknownKeys();

        return new RtspConfig
        {
            Listen = listen,
            Transports = transports == RtspTransports.None ? defaults.Transports : transports,
            Auth = auth,
            Users = users,
            Realm = realm,
            MaxClients = maxClients,
            SessionTimeout = timeout,
            RtpPayloadSize = payload,
            UdpRtpPort = rtpPort,
            MulticastAddress = multicastAddress,
            MulticastPort = multicastPort,
            MulticastTtl = ttl,
        };
    }

    /// <summary>The <c>[[TABLE.users]]</c> list: names unique and without ':', passwords non-empty (and kept out of every message).</summary>
    private static List<UserConfig> BindUsers(ConfigTableReader table)
    {
        var users = new List<UserConfig>();
        foreach (var userTable in table.GetTableArray("users"))
        {
            var name = userTable.GetOptionalString("name");
            var password = userTable.GetOptionalString("password", secret: true);
            if (name is null || name.Length == 0 || name.Contains(':', StringComparison.Ordinal))
                userTable.Error("name", $"{userTable.NameOf("name")} must be a non-empty user name without ':'");
            if (password is null || password.Length == 0)
                userTable.Error("password", $"{userTable.NameOf("password")} must be set (a non-empty string)");
            userTable.ReportUnknownKeys();
            if (name is { Length: > 0 } && password is { Length: > 0 })
            {
                if (users.Exists(u => u.Name == name))
                    userTable.Error("name", $"{userTable.NameOf("name")}: user \"{name}\" is listed twice");
                else
                    users.Add(new UserConfig(name, password));
            }
        }
        return users;
    }

    private static List<CameraConfig> BindCameras(ConfigTableReader root, string key)
    {
        var cameras = new List<CameraConfig>();
        var table = root.GetTable(key);
        if (table is null)
            return cameras;

        foreach (var name in table.Table.Keys)
        {
            var cameraTable = table.GetTable(name);
            if (cameraTable is null)
                continue;
            if (!CameraNamePattern().IsMatch(name))
                table.Diagnostics.Add(table.Table.GetKeyPosition(name),
                    $"camera name \"{name}\" must be 1 to 64 letters, digits, '-' or '_' (it becomes the RTSP path rtsp://HOST:PORT/NAME)");
            cameras.Add(BindCamera(cameraTable, name));
        }
        return cameras;
    }

    private static CameraConfig BindCamera(ConfigTableReader table, string name)
    {
        var defaults = new CameraConfig { Name = name };
        var source = table.GetChoice("source", defaults.Source, SourceKinds);
        var device = table.GetString("device", defaults.Device);
        if (!device.StartsWith("/dev/", StringComparison.Ordinal))
            table.Error("device", $"{table.NameOf("device")} must be a device path under /dev, like /dev/video0; got \"{device}\"");
        var width = table.GetInt("width", defaults.Width, 16, 4096, "pixels");
        var height = table.GetInt("height", defaults.Height, 16, 4096, "pixels");
        if (width % 2 != 0)
            table.Error("width", $"{table.NameOf("width")} must be even (YUV 4:2:0 needs even sizes), got {width}");
        if (height % 2 != 0)
            table.Error("height", $"{table.NameOf("height")} must be even (YUV 4:2:0 needs even sizes), got {height}");
        var fps = table.GetInt("fps", defaults.Fps, 1, 120);
        var format = table.GetChoice("format", defaults.Format, PixelFormats);
        var rpicamCommand = table.GetString("rpicam_command", defaults.RpicamCommand);
        if (string.IsNullOrWhiteSpace(rpicamCommand))
        {
            table.Error("rpicam_command", $"{table.NameOf("rpicam_command")} must name a command that writes H.264 to stdout");
            rpicamCommand = defaults.RpicamCommand;
        }
        var file = table.GetOptionalString("file");
        if (source == CameraSourceKind.File && string.IsNullOrWhiteSpace(file))
            table.Error("source", $"{table.NameOf("source")} is \"file\", so {table.NameOf("file")} must name a raw H.264 file, like file = \"/var/lib/edge/demo.h264\"");
        var encoderTable = table.GetTable("encoder");
        var encoder = encoderTable is null ? new EncoderConfig() : BindEncoder(encoderTable);
        var overlayTable = table.GetTable("overlay");
        var overlay = overlayTable is null ? null : BindOverlay(overlayTable);
        table.ReportUnknownKeys();

        if (encoder.Level is { } level &&
            H264Levels.WhyNotFit(level, width, height, fps, encoder.BitrateKbps, encoder.Profile) is { } misfit)
        {
            var lowest = H264Levels.Lowest(width, height, fps, encoder.BitrateKbps, encoder.Profile);
            encoderTable!.Error("level", $"{encoderTable.NameOf("level")} is {level}, too low for this camera: {misfit}; " +
                (lowest is null ? "lower the size, rate or bitrate" : $"use level = \"{lowest}\" or higher, or \"auto\""));
        }

        // Rules between keys: passthrough needs a source that already delivers H.264.
        if (encoder.Kind == EncoderKind.Passthrough && source == CameraSourceKind.Test)
            table.Error("source", $"{table.NameOf("source")} is \"test\", which gives raw frames, but {table.NameOf("encoder.kind")} is \"passthrough\"; use kind = \"auto\" or \"ffmpeg\"");
        if (source is CameraSourceKind.Rpicam or CameraSourceKind.File && encoder.Kind is not (EncoderKind.Auto or EncoderKind.Passthrough))
            table.Error("source", $"{table.NameOf("source")} is \"{(source == CameraSourceKind.File ? "file" : "rpicam")}\", which delivers H.264 already; set {table.NameOf("encoder.kind")} to \"auto\" or \"passthrough\"");
        if (encoder.Kind == EncoderKind.Passthrough && source == CameraSourceKind.V4l2 && format is not (CapturePixelFormat.H264 or CapturePixelFormat.Auto))
            table.Error("format", $"{table.NameOf("encoder.kind")} is \"passthrough\", which needs an H.264 camera; set {table.NameOf("format")} = \"h264\" or choose an encoder");

        // Text is drawn into raw pictures; H.264 from the camera is never decoded, so it cannot carry any.
        var passesThrough = source is CameraSourceKind.Rpicam or CameraSourceKind.File || encoder.Kind == EncoderKind.Passthrough;
        if (overlay is { Text.Length: > 0 } && passesThrough)
            overlayTable!.Error("text", $"[{overlayTable.Path}] draws text into the pictures Edge encodes, but this camera's H.264 " +
                (encoder.Kind == EncoderKind.Passthrough ? $"is passed through ({table.NameOf("encoder.kind")} = \"passthrough\")" : $"comes encoded from {(source == CameraSourceKind.File ? "a file" : "rpicam-vid")}") +
                ", so Edge never sees its pixels; remove the table" + (source == CameraSourceKind.Rpicam ? " (rpicam-vid has its own --info-text for its preview only)" : encoder.Kind == EncoderKind.Passthrough ? $", or set {table.NameOf("encoder.kind")} = \"auto\" to encode the camera's raw pictures" : ""));

        return defaults with
        {
            Source = source,
            Device = device,
            Width = width,
            Height = height,
            Fps = fps,
            Format = format,
            RpicamCommand = rpicamCommand,
            File = string.IsNullOrWhiteSpace(file) ? null : file,
            Encoder = encoder,
            Overlay = overlay,
        };
    }

    private static OverlayConfig BindOverlay(ConfigTableReader table)
    {
        var defaults = new OverlayConfig();
        var text = table.GetString("text", defaults.Text);
        if (!TextTemplate.TryParse(text, camera: "", out _, out var problem))
            table.Error("text", $"{table.NameOf("text")} \"{text}\": {problem}");
        var position = table.GetChoice("position", defaults.Position, OverlayCorners);
        var size = table.GetInt("size", defaults.Size, 0, 256, "pixels");
        if (size % 8 != 0)
            table.Error("size", $"{table.NameOf("size")} is the height of a line in pixels and must be a multiple of 8 (the font is 8 pixels high, scaled whole), like {Math.Max(8, size / 8 * 8)}; 0 chooses by picture height");
        table.ReportUnknownKeys();
        return new OverlayConfig { Text = text, Position = position, Size = size };
    }

    private static EncoderConfig BindEncoder(ConfigTableReader table)
    {
        var defaults = new EncoderConfig();
        var kind = table.GetChoice("kind", defaults.Kind, EncoderKinds);
        var codecs = table.GetStringList("codec", defaults.Codecs);
        if (codecs.Count == 0 || codecs.Any(c => c.Length == 0 || c.Any(char.IsWhiteSpace)))
        {
            table.Error("codec", $"{table.NameOf("codec")} must be an FFmpeg encoder name or a list of them, like \"libx264\"");
            codecs = defaults.Codecs;
        }
        var device = table.GetString("device", defaults.Device);
        if (!device.StartsWith("/dev/", StringComparison.Ordinal))
            table.Error("device", $"{table.NameOf("device")} must be a device path under /dev, like /dev/video11; got \"{device}\"");
        var bitrate = table.GetInt("bitrate_kbps", defaults.BitrateKbps, 64, 100_000, "kbit/s");
        var keyframe = table.GetSeconds("keyframe_interval_s", defaults.KeyframeInterval, 0.1, 60);
        var profile = table.GetChoice("profile", defaults.Profile, Profiles);
        var preset = table.GetChoice("preset", defaults.Preset, Presets);
        var bitrateMode = table.GetChoice("bitrate_mode", defaults.BitrateMode, BitrateModes);
        var level = BindLevel(table);
        table.ReportUnknownKeys();
        return new EncoderConfig
        {
            Kind = kind,
            Codecs = codecs,
            Device = device,
            BitrateKbps = bitrate,
            KeyframeInterval = keyframe,
            Profile = profile,
            Preset = preset,
            BitrateMode = bitrateMode,
            Level = level,
        };
    }

    // "auto", or a level as a string ("4.1") or a number (4.1, 4): a TOML float is what people
    // naturally write, and 4.1 has an exact enough float for that.
    private static string? BindLevel(ConfigTableReader table)
    {
        if (!table.Has("level"))
            return null;
        var node = table.Table["level"];
        var text = node switch
        {
            ConfigValue { AsString: { } s } => s,
            ConfigValue { AsInteger: { } i } => i.ToString(CultureInfo.InvariantCulture),
            ConfigValue { AsFloat: { } f } => f.ToString("0.#", CultureInfo.InvariantCulture),
            _ => null,
        };
        if (text is not null && string.Equals(text.Trim(), "auto", StringComparison.OrdinalIgnoreCase))
            return null;
        if (text is not null && H264Levels.Normalize(text) is { } level)
            return level;
        table.Error("level", $"{table.NameOf("level")} must be \"auto\" or an H.264 level: {string.Join(", ", H264Levels.Names)}; got {(text is null ? ConfigTableReader.Describe(node) : $"\"{text}\"")}");
        return null;
    }

    private static List<PushConfig> BindPushes(IReadOnlyList<ConfigTableReader> tables, List<CameraConfig> cameras)
    {
        var pushes = new List<PushConfig>();
        foreach (var table in tables)
        {
            var camera = table.GetOptionalString("camera");
            if (camera is null)
                table.Error("camera", $"{table.NameOf("camera")} must name the camera to push (one of the [camera.NAME] tables)");
            else if (cameras.Count > 0 && !cameras.Exists(c => c.Name == camera))
            {
                var hint = SpellingSuggestion.Closest(camera, cameras.Select(c => c.Name)) is { } close ? $" (did you mean \"{close}\"?)" : "";
                table.Error("camera", $"{table.NameOf("camera")} is \"{camera}\", but there is no [camera.{camera}]{hint}; cameras: {string.Join(", ", cameras.Select(c => c.Name))}");
            }

            PushUrl? url = null;
            var urlText = table.GetOptionalString("url", secret: true);
            if (urlText is null)
                table.Error("url", $"{table.NameOf("url")} must be set, like \"rtmp://host/app/streamkey\"");
            else if (!PushUrl.TryParse(urlText, out url, out var urlError))
                table.Error("url", $"{table.NameOf("url")} {urlError}");

            var audio = table.GetChoice("audio", PushAudio.None, AudioModes);
            var (caFile, fingerprint) = BindServerTrust(table, url?.IsTls, "rtmps");
            var enabled = table.GetBool("enabled", true);
            table.ReportUnknownKeys();

            if (camera is not null && url is not null)
            {
                pushes.Add(new PushConfig
                {
                    Camera = camera,
                    Url = url,
                    Audio = audio,
                    TlsCaFile = caFile,
                    TlsFingerprint = fingerprint,
                    Enabled = enabled,
                });
            }
        }
        return pushes;
    }

    private static LedsConfig? BindLeds(ConfigTableReader? table)
    {
        if (table is null)
            return null;
        var chip = table.GetString("chip", "gpiochip0");
        if (chip.Length == 0)
            table.Error("chip", "leds.chip must name a GPIO chip: a path (/dev/gpiochip0), a name (gpiochip0) or a label");
        var leds = new LedsConfig
        {
            Chip = chip,
            ActiveLow = table.GetBool("active_low", false),
            Status = BindLine(table, "status"),
            Upstream = BindLine(table, "upstream"),
            Clients = BindLine(table, "clients"),
        };
        table.ReportUnknownKeys();
        return leds;
    }

    private static ButtonConfig? BindButton(ConfigTableReader? table, LedsConfig? leds)
    {
        if (table is null)
            return null;
        var line = BindLine(table, "line");
        if (line is null && !table.Has("line"))
            table.Error("line", "button.line must name the GPIO line the button is on, like \"GPIO22\" or 22");
        var button = new ButtonConfig
        {
            Chip = table.GetString("chip", leds?.Chip ?? "gpiochip0"),
            Line = line ?? new GpioLineRef(null, 0),
            ActiveLow = table.GetBool("active_low", true),
            Debounce = TimeSpan.FromMilliseconds(table.GetInt("debounce_ms", 30, 1, 1000, "ms")),
            LongPress = table.GetSeconds("long_press_s", TimeSpan.FromSeconds(5), 1, 60),
        };
        table.ReportUnknownKeys();
        return button;
    }

    private static GpioLineRef? BindLine(ConfigTableReader table, string key)
    {
        if (!table.Has(key))
            return null;
        var node = table.Table.TryGetValue(key, out var value) ? value : null;
        switch (node)
        {
            case ConfigValue { AsInteger: >= 0 and < 4096 } offset:
                return new GpioLineRef(null, (int)offset.AsInteger.Value);
            case ConfigValue { AsString.Length: > 0 } name:
                return int.TryParse(name.AsString, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    ? new GpioLineRef(null, number)
                    : new GpioLineRef(name.AsString, null);
            case ConfigValue { AsString.Length: 0 }:
                return null; // an empty string switches that LED off
            default:
                table.Error(key, $"{table.NameOf(key)} must be a line name like \"GPIO17\" or a line offset from 0 to 4095");
                return null;
        }
    }

    private static void CheckLedLines(LedsConfig? leds, ButtonConfig? button, ConfigTableReader root)
    {
        if (leds is null)
            return;
        var used = new List<(string Role, GpioLineRef Line)>();
        foreach (var (role, line) in new[] { ("leds.status", leds.Status), ("leds.upstream", leds.Upstream), ("leds.clients", leds.Clients) })
        {
            if (line is null)
                continue;
            var clash = used.Find(u => u.Line == line);
            if (clash.Role is not null)
                root.Diagnostics.Add(root.PositionOf("leds"), $"{role} and {clash.Role} are both on line {line}; each LED needs its own line");
            used.Add((role, line));
        }
        if (button is not null && button.Chip == leds.Chip && used.Find(u => u.Line == button.Line) is { Role: not null } taken)
            root.Diagnostics.Add(root.PositionOf("button"), $"button.line {button.Line} is already used by {taken.Role}");
    }

    private static HttpConfig BindHttp(ConfigTableReader? table, RtspConfig rtsp, string? sourcePath)
    {
        var defaults = new HttpConfig { Users = rtsp.Users, UsersFromRtsp = true, Realm = rtsp.Realm };
        if (table is null)
            return defaults;
        var listen = BindListen(table, "listen", defaults.Listen);
        var auth = table.GetChoice("auth", defaults.Auth, HttpAuthModes);
        var ownUsers = BindUsers(table);
        var http = defaults with
        {
            Enabled = table.GetBool("enabled", defaults.Enabled),
            Listen = listen,
            Auth = auth,
            Users = ownUsers.Count > 0 ? ownUsers : rtsp.Users,
            UsersFromRtsp = ownUsers.Count == 0,
            TlsCertificate = BindFile(table, "tls_certificate", sourcePath),
            TlsKey = BindFile(table, "tls_key", sourcePath),
            LiveViewersPerCamera = table.GetInt("live_viewers_per_camera", defaults.LiveViewersPerCamera, 1, 1000),
        };
        table.ReportUnknownKeys();

        if (http.Enabled && http.LoginRequired && http.Users.Count == 0)
        {
            var why = auth == HttpAuthMode.Auto
                ? $"http.listen is \"{listen}\", which is open beyond this machine, so viewing needs a login"
                : $"http.auth is \"{auth.ToString().ToLowerInvariant()}\"";
            table.Error(auth == HttpAuthMode.Auto ? "listen" : "auth",
                $"{why}, but no user is configured; add an [[http.users]] (or [[rtsp.users]]) table with a name and a password" +
                (auth == HttpAuthMode.Auto ? ", or listen on \"127.0.0.1:PORT\", or set http.auth = \"none\" to leave the page open to the network" : ", or set http.auth = \"auto\""));
        }

        if ((http.TlsCertificate is null) != (http.TlsKey is null))
        {
            var missing = http.TlsCertificate is null ? "tls_certificate" : "tls_key";
            var present = http.TlsCertificate is null ? "tls_key" : "tls_certificate";
            table.Error(present, $"http.{present} is set but http.{missing} is not; HTTPS needs both (PEM files), or remove both to serve plain HTTP");
        }
        else if (http.IsTls && TlsPemFiles.Check(http.TlsCertificate!, http.TlsKey!) is { } problem)
        {
            table.Error(problem.IsKey ? "tls_key" : "tls_certificate", $"http.{(problem.IsKey ? "tls_key" : "tls_certificate")}: {problem.Message}");
        }
        return http;
    }

    /// <summary>A file path, relative ones taken from the config file's folder; null when absent or empty.</summary>
    private static string? BindFile(ConfigTableReader table, string key, string? sourcePath)
    {
        var path = table.GetOptionalString(key);
        return string.IsNullOrEmpty(path) ? null : ResolvePath(path, sourcePath);
    }

    /// <summary>A path from the config, relative to the config file's folder unless it is absolute.</summary>
    private static string ResolvePath(string path, string? sourcePath)
    {
        var folder = sourcePath is null ? null : Path.GetDirectoryName(Path.GetFullPath(sourcePath));
        return Path.IsPathRooted(path) || folder is null ? path : Path.Combine(folder, path);
    }

    private static DisplayConfig? BindDisplay(ConfigTableReader? table)
    {
        if (table is null)
            return null;
        var defaults = new DisplayConfig();
        var bus = table.GetInt("bus", defaults.Bus, 0, 255);
        var address = table.GetInt("address", defaults.Address, int.MinValue, int.MaxValue);
        if (address is < 0x03 or > 0x77)
        {
            table.Error("address", $"display.address must be a 7-bit I2C address from 0x03 to 0x77, like 0x3C (`i2cdetect -y {bus}` lists what answers); got {(address >= 0 ? $"0x{address:X2}" : address)}");
            address = defaults.Address;
        }
        var rotation = table.GetInt("rotation", defaults.RotationDegrees, int.MinValue, int.MaxValue);
        if (rotation is not (0 or 180))
        {
            table.Error("rotation", $"display.rotation must be 0, or 180 for a panel mounted upside down; got {rotation}");
            rotation = defaults.RotationDegrees;
        }
        table.ReportUnknownKeys();
        return new DisplayConfig { Bus = bus, Address = address, RotationDegrees = rotation };
    }

    /// <summary>
    /// <c>tls_ca_file</c> and <c>tls_fingerprint</c> of a table whose <c>url</c> may be TLS
    /// (<c>[[push]]</c>, <c>[mqtt]</c>): empty is unset, the fingerprint is SHA-256 hex (colons
    /// allowed, kept as upper-case hex), and either with a plain URL is an error.
    /// </summary>
    /// <param name="urlIsTls">Whether the table's URL is a TLS one; null when the URL itself is wrong (reported already).</param>
    /// <param name="tlsScheme">The TLS scheme of the table's URLs, for the error: "rtmps", "mqtts".</param>
    private static (string? CaFile, string? Fingerprint) BindServerTrust(ConfigTableReader table, bool? urlIsTls, string tlsScheme)
    {
        var caFile = table.GetOptionalString("tls_ca_file");
        if (caFile is { Length: 0 })
            caFile = null;
        var fingerprint = table.GetOptionalString("tls_fingerprint");
        if (fingerprint is { Length: 0 })
            fingerprint = null;
        if (fingerprint is not null)
        {
            var hex = fingerprint.Replace(":", "", StringComparison.Ordinal);
            if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
                table.Error("tls_fingerprint", $"{table.NameOf("tls_fingerprint")} must be a SHA-256 fingerprint: 64 hex digits, colons allowed (openssl x509 -in CERT.pem -noout -fingerprint -sha256 prints it)");
            else
                fingerprint = hex.ToUpperInvariant();
        }
        if ((caFile is not null || fingerprint is not null) && urlIsTls == false)
        {
            var key = caFile is not null ? "tls_ca_file" : "tls_fingerprint";
            table.Error(key, $"{table.NameOf(key)} only applies to {tlsScheme}:// URLs, and {table.NameOf("url")} is not one; use {tlsScheme}:// to connect with TLS, or remove {key}");
        }
        return (caFile, fingerprint);
    }

    private static MqttConfig? BindMqtt(ConfigTableReader? table, DeviceConfig device, string? sourcePath)
    {
        if (table is null)
            return null;
        MqttUrl? url = null;
        var urlText = table.GetOptionalString("url");
        if (urlText is null)
            table.Error("url", "mqtt.url must be set to the broker, like \"mqtt://homeassistant.local:1883\" (or mqtts:// for TLS)");
        else if (!MqttUrl.TryParse(urlText, out url, out var urlError))
            table.Error("url", $"mqtt.url {urlError}");

        var user = table.GetOptionalString("user");
        if (user is { Length: 0 })
            user = null;
        var password = table.GetOptionalString("password", secret: true);
        if (password is { Length: 0 })
            password = null;
        if (password is not null && user is null)
            table.Error("password", "mqtt.password is set but mqtt.user is not; set the user name the broker knows this password for");

        var (caFile, fingerprint) = BindServerTrust(table, url?.IsTls, "mqtts");
        if (caFile is not null)
        {
            // Relative to the config file, like the web server's certificate; checked now, so a
            // wrong file is an error of check-config and of a reload, not a broker refused later.
            caFile = ResolvePath(caFile, sourcePath);
            if (TlsPemFiles.CheckTrustedCaFile(caFile, "remove tls_ca_file to trust only the system's CAs") is { } problem)
                table.Error("tls_ca_file", $"{table.NameOf("tls_ca_file")}: {problem}");
        }

        var baseTopic = BindTopic(table, "base_topic", MqttConfig.DefaultBaseTopic(device.Name));
        var discovery = table.GetBool("discovery", true);
        var discoveryPrefix = BindTopic(table, "discovery_prefix", MqttConfig.DefaultDiscoveryPrefix);
        table.ReportUnknownKeys();
        if (url is null)
            return null;
        return new MqttConfig
        {
            Url = url,
            User = user,
            Password = password,
            TlsCaFile = caFile,
            TlsFingerprint = fingerprint,
            BaseTopic = baseTopic,
            Discovery = discovery,
            DiscoveryPrefix = discoveryPrefix,
        };
    }

    private static OnvifConfig BindOnvif(ConfigTableReader? table, HttpConfig http, RtspConfig rtsp)
    {
        // The services ride on the web server, and an announcement is only worth making where
        // both the web server and RTSP can be reached from the network.
        var reachable = !http.Listen.IsLoopback && !rtsp.Listen.IsLoopback;
        var defaults = new OnvifConfig { Enabled = http.Enabled, Discovery = http.Enabled && reachable };
        if (table is null)
            return defaults;
        var enabled = table.GetBool("enabled", defaults.Enabled);
        var discovery = table.GetBool("discovery", enabled && reachable);
        var location = table.GetString("location", defaults.Location);
        table.ReportUnknownKeys();

        if (enabled && !http.Enabled)
        {
            table.Error("enabled", "onvif.enabled is true but http.enabled is false; ONVIF is served by the web server, so enable [http] or set onvif.enabled = false");
            enabled = false;
        }
        if (discovery && !enabled)
        {
            table.Error("discovery", "onvif.discovery is true but ONVIF is off; discovery announces the ONVIF device service, so set onvif.enabled = true or onvif.discovery = false");
            discovery = false;
        }
        else if (discovery && http.Listen.IsLoopback)
        {
            table.Error("discovery", $"onvif.discovery announces the web server, but http.listen is \"{http.Listen}\", which only this machine can reach; set http.listen = \"0.0.0.0:{http.Listen.Port}\" (with a login) or onvif.discovery = false");
            discovery = false;
        }
        if (location.Length is 0 or > 64 || location.Any(char.IsControl))
        {
            table.Error("location", "onvif.location must be 1 to 64 printable characters, like \"garage\"");
            location = defaults.Location;
        }
        return new OnvifConfig { Enabled = enabled, Discovery = discovery, Location = location };
    }

    private static MdnsConfig BindMdns(ConfigTableReader? table)
    {
        if (table is null)
            return new MdnsConfig();
        var mdns = new MdnsConfig { Enabled = table.GetBool("enabled", true) };
        table.ReportUnknownKeys();
        return mdns;
    }

    private static string BindTopic(ConfigTableReader table, string key, string defaultValue)
    {
        var topic = table.GetString(key, defaultValue);
        if (MqttTopic.Problem(topic) is not { } problem)
            return topic;
        table.Error(key, $"{table.NameOf(key)} {problem}, like \"{defaultValue}\"; got \"{topic}\"");
        return defaultValue;
    }

    private static LogConfig BindLog(ConfigTableReader? table)
    {
        if (table is null)
            return new LogConfig();
        var log = new LogConfig { Level = table.GetChoice("level", LogLevelSetting.Info, LogLevels) };
        table.ReportUnknownKeys();
        return log;
    }

    private static ReloadConfig BindReload(ConfigTableReader? table)
    {
        if (table is null)
            return new ReloadConfig();
        var reload = new ReloadConfig { OnSave = table.GetBool("on_save", false) };
        table.ReportUnknownKeys();
        return reload;
    }

    private static ListenEndpoint BindListen(ConfigTableReader table, string key, ListenEndpoint defaultValue)
    {
        var text = table.GetOptionalString(key);
        if (text is null)
            return defaultValue;
        if (ListenEndpoint.TryParse(text, out var endpoint, out var error))
            return endpoint;
        table.Error(key, $"{table.NameOf(key)}: {error}");
        return defaultValue;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex CameraNamePattern();
}

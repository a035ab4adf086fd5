namespace Edge.Video.Sources.Rpicam;

/// <summary>What the rpicam source runs and what it asks of the camera.</summary>
public sealed record RpicamSourceOptions
{
    /// <summary>The command line that writes H.264 (Annex B) to its standard output.</summary>
    public required string Command { get; init; }

    /// <summary>The config key the command came from, for error messages ("camera.front.rpicam_command").</summary>
    public string ConfigKey { get; init; } = "rpicam_command";

    /// <summary>Picture width, added as --width to rpicam-vid.</summary>
    public int Width { get; init; } = 1280;

    /// <summary>Picture height, added as --height.</summary>
    public int Height { get; init; } = 720;

    /// <summary>Frame rate, added as --framerate.</summary>
    public int FramesPerSecond { get; init; } = 30;

    /// <summary>Bitrate in kbit/s, added as --bitrate (in bit/s).</summary>
    public int BitrateKbps { get; init; } = 2500;

    /// <summary>Frames between IDRs, added as --intra.</summary>
    public int KeyframeIntervalFrames { get; init; } = 60;

    /// <summary>H.264 profile, added as --profile (baseline, main or high).</summary>
    public string Profile { get; init; } = "main";

    /// <summary>How long the program may take to deliver its first picture (camera start-up).</summary>
    public TimeSpan FirstUnitTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the stream may pause once running before the program is presumed hung.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(5);
}

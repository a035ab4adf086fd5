namespace Edge.Video.Encoders;

/// <summary>What every encoder backend is asked to produce; the values of <c>[camera.X]</c> and <c>[camera.X.encoder]</c>.</summary>
public sealed record VideoEncoderSettings
{
    /// <summary>Picture width in pixels (even).</summary>
    public required int Width { get; init; }

    /// <summary>Picture height in pixels (even).</summary>
    public required int Height { get; init; }

    /// <summary>Frames per second the source delivers.</summary>
    public required int FramesPerSecond { get; init; }

    /// <summary>Target bitrate in kbit/s (<c>bitrate_kbps</c>).</summary>
    public int BitrateKbps { get; init; } = 2500;

    /// <summary>Seconds between periodic IDRs (<c>keyframe_interval_s</c>).</summary>
    public double KeyframeIntervalSeconds { get; init; } = 2;

    /// <summary>H.264 profile: <c>baseline</c>, <c>main</c> or <c>high</c>; empty for the encoder's default.</summary>
    public string Profile { get; init; } = "main";

    /// <summary>
    /// <c>vbr</c>: quality first, never above <see cref="BitrateKbps"/>; <c>cbr</c>: a constant
    /// <see cref="BitrateKbps"/> (padded when the picture needs less), for ingest servers that want it.
    /// </summary>
    public string BitrateMode { get; init; } = "vbr";

    /// <summary>H.264 level, e.g. <c>4.1</c> (<c>1b</c> too); empty for the encoder's choice.</summary>
    public string Level { get; init; } = "";

    /// <summary>Encoder threads; 0 lets the encoder choose.</summary>
    public int Threads { get; init; }

    /// <summary>Frames between IDRs: <see cref="KeyframeIntervalSeconds"/> × <see cref="FramesPerSecond"/>, at least 1.</summary>
    public int GopLength => Math.Max(1, (int)Math.Round(KeyframeIntervalSeconds * FramesPerSecond));

    /// <summary>
    /// <see cref="Level"/> as the SPS's <c>level_idc</c> (4.1 → 41; 1b → 9, as libavcodec counts it),
    /// or null when it is empty or not a level.
    /// </summary>
    public int? LevelIdc => Level switch
    {
        "1b" => 9,
        _ when decimal.TryParse(Level, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var number)
               && number * 10 == decimal.Truncate(number * 10) && number is >= 1 and <= 6.2m => (int)(number * 10),
        _ => null,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        VideoFramePool.ThrowIfBadSize(Width, Height);
        if (FramesPerSecond is < 1 or > 240)
            throw new ArgumentOutOfRangeException(nameof(FramesPerSecond), FramesPerSecond, "Frame rate must be between 1 and 240.");
        if (BitrateKbps is < 16 or > 100_000)
            throw new ArgumentOutOfRangeException(nameof(BitrateKbps), BitrateKbps, "Bitrate must be between 16 and 100000 kbit/s.");
        if (!(KeyframeIntervalSeconds > 0 && KeyframeIntervalSeconds <= 60))
            throw new ArgumentOutOfRangeException(nameof(KeyframeIntervalSeconds), KeyframeIntervalSeconds, "Keyframe interval must be more than 0 and at most 60 seconds.");
        if (Profile is not ("" or "baseline" or "main" or "high"))
            throw new ArgumentOutOfRangeException(nameof(Profile), Profile, "Profile must be baseline, main or high.");
        if (BitrateMode is not ("vbr" or "cbr"))
            throw new ArgumentOutOfRangeException(nameof(BitrateMode), BitrateMode, "Bitrate mode must be vbr or cbr.");
        if (Level.Length > 0 && LevelIdc is null)
            throw new ArgumentOutOfRangeException(nameof(Level), Level, "Level must be an H.264 level such as 3.1, 4 or 4.1.");
        if (Threads is < 0 or > 64)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be between 0 (automatic) and 64.");
    }
}

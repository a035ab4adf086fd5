namespace Edge.Video.Tests.Support;

/// <summary>
/// A test that needs FFmpeg's libraries with libx264 and the ffmpeg/ffprobe programs. Skipped when
/// they are missing, except in CI (<c>CI=true</c>), where it runs and fails so a broken image is noticed.
/// </summary>
public sealed class FfmpegFactAttribute : FactAttribute
{
    public FfmpegFactAttribute()
    {
        if (ExternalTools.WhyFfmpegMissing is { } missing && !IsCi)
            Skip = $"FFmpeg not available: {missing}.";
    }

    internal static bool IsCi => Environment.GetEnvironmentVariable("CI") == "true";
}

/// <summary>A theory that needs FFmpeg; skipped like <see cref="FfmpegFactAttribute"/>.</summary>
public sealed class FfmpegTheoryAttribute : TheoryAttribute
{
    public FfmpegTheoryAttribute()
    {
        if (ExternalTools.WhyFfmpegMissing is { } missing && !FfmpegFactAttribute.IsCi)
            Skip = $"FFmpeg not available: {missing}.";
    }
}

/// <summary>A test that compiles a C probe against the installed FFmpeg headers; skipped like <see cref="FfmpegFactAttribute"/>.</summary>
public sealed class FfmpegHeadersFactAttribute : FactAttribute
{
    public FfmpegHeadersFactAttribute()
    {
        if ((ExternalTools.WhyHeadersMissing ?? ExternalTools.WhyFfmpegMissing) is { } missing && !FfmpegFactAttribute.IsCi)
            Skip = $"FFmpeg headers not available: {missing}.";
    }
}

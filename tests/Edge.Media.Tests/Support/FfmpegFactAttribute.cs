namespace Edge.Media.Tests.Support;

/// <summary>
/// A fact that needs the real ffmpeg. Skipped when ffmpeg is missing on a developer's machine;
/// under CI=true it always runs, so a missing ffmpeg fails the build instead of hiding the test.
/// </summary>
public sealed class FfmpegFactAttribute : FactAttribute
{
    public FfmpegFactAttribute()
    {
        if (Ffmpeg.ExecutablePath is null && !Ffmpeg.IsCi)
            Skip = "ffmpeg is not installed (apt-get install ffmpeg); CI runs this test.";
    }
}

/// <summary>A theory that needs the real ffmpeg; see <see cref="FfmpegFactAttribute"/>.</summary>
public sealed class FfmpegTheoryAttribute : TheoryAttribute
{
    public FfmpegTheoryAttribute()
    {
        if (Ffmpeg.ExecutablePath is null && !Ffmpeg.IsCi)
            Skip = "ffmpeg is not installed (apt-get install ffmpeg); CI runs this test.";
    }
}

namespace Edge.Video.Encoders.Ffmpeg;

/// <summary>
/// One encoder being tried on this thread (<see cref="FfmpegLogBridge.Probe"/>): FFmpeg's errors
/// meanwhile are kept here, so the reason the encoder was skipped can say what FFmpeg said
/// ("Could not find a valid device") instead of a bare "Invalid argument".
/// </summary>
internal sealed class FfmpegProbe : IDisposable
{
    private const int MaxErrors = 4;

    private readonly List<string> _errors = [];

    internal FfmpegProbe(FfmpegProbe? outer) => Outer = outer;

    internal FfmpegProbe? Outer { get; }

    /// <summary>The first few error lines FFmpeg printed, joined with "; "; empty when none.</summary>
    public string Errors => string.Join("; ", _errors);

    internal void Add(string line)
    {
        if (_errors.Count < MaxErrors)
            _errors.Add(line);
    }

    public void Dispose() => FfmpegLogBridge.EndProbe(this);
}

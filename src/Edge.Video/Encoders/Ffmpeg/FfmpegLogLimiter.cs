using System.Diagnostics;

namespace Edge.Video.Encoders.Ffmpeg;

/// <summary>
/// Bounds how often one FFmpeg call site (keyed by its format string's address, which is the
/// same for every message it prints) reaches the log: a decoder complaining about every frame
/// of a damaged stream must not fill the journal.
/// </summary>
internal sealed class FfmpegLogLimiter(TimeSpan window, int perWindow)
{
    private const int MaxSites = 256;

    private readonly Dictionary<nint, (long Start, int Count)> _sites = [];

    internal enum Verdict
    {
        Log,
        LogLastBeforeQuiet,
        Drop,
    }

    public Verdict Admit(nint site)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_sites)
        {
            if (!_sites.TryGetValue(site, out var entry) || Stopwatch.GetElapsedTime(entry.Start, now) >= window)
            {
                if (_sites.Count >= MaxSites)
                    _sites.Clear(); // forgetting a window only lets a few more lines through
                entry = (now, 0);
            }

            entry.Count++;
            _sites[site] = entry;
            return entry.Count < perWindow ? Verdict.Log
                : entry.Count == perWindow ? Verdict.LogLastBeforeQuiet
                : Verdict.Drop;
        }
    }
}

using Edge.Media;
using Edge.Video;
using Edge.Video.Encoders;
using Edge.Video.Encoders.Ffmpeg;
using Edge.Video.Sources.TestPattern;

namespace Edge.Benchmarks.HubToWire;

/// <summary>
/// One GOP of the test pattern encoded by libx264 through <see cref="FfmpegVideoEncoder"/> before
/// the measurement starts, so that replaying it costs no encoding: unit 0 is the IDR (with SPS and
/// PPS), the rest are P pictures.
/// </summary>
public sealed class EncodedClip
{
    private EncodedClip(IReadOnlyList<byte[]> units, string encoder)
    {
        Units = units;
        Encoder = encoder;
    }

    /// <summary>Annex B access units in decode order; the first is an IDR.</summary>
    public IReadOnlyList<byte[]> Units { get; }

    /// <summary>Which encoder and FFmpeg made it.</summary>
    public string Encoder { get; }

    public int IdrBytes => Units[0].Length;

    public double MeanPBytes => Units.Skip(1).Average(u => u.Length);

    /// <summary>Encodes one GOP (<paramref name="fps"/> × 2 s) of the test pattern.</summary>
    /// <exception cref="FfmpegException">FFmpeg or libx264 is missing (install the <c>ffmpeg</c> package).</exception>
    public static EncodedClip Encode(int width, int height, int fps, int bitrateKbps)
    {
        var settings = new VideoEncoderSettings { Width = width, Height = height, FramesPerSecond = fps, BitrateKbps = bitrateKbps };
        var units = new List<byte[]>(settings.GopLength);
        using var encoder = FfmpegVideoEncoder.Open(settings, unit =>
        {
            units.Add(unit.Data.ToArray());
            unit.Release();
        }, new FfmpegEncoderOptions { Preference = ["libx264"] });

        var generator = new TestPatternGenerator(width, height);
        var pool = new VideoFramePool(width, height, 1);
        for (var i = 0; i < settings.GopLength; i++)
        {
            using var frame = pool.Rent();
            frame.FrameNumber = i;
            frame.CaptureTimestamp = MediaClock.FrameDeadline(0, i, fps);
            generator.Render(frame);
            encoder.Encode(frame);
        }

        encoder.Flush();
        if (units.Count != settings.GopLength || !IsIdr(units[0]))
            throw new InvalidOperationException($"{encoder} gave {units.Count} units for {settings.GopLength} frames; a zero-latency encoder gives one per frame, the first an IDR.");
        return new EncodedClip(units, encoder.ToString());
    }

    private static bool IsIdr(byte[] unit)
    {
        var nals = Edge.Media.H264.AnnexB.EnumerateNalUnits(unit);
        while (nals.MoveNext())
        {
            if ((nals.Current[0] & 0x1F) == 5)
                return true;
        }

        return false;
    }
}

using System.Globalization;

namespace Edge.Video.Encoders;

/// <summary>
/// What an opened encoder actually runs with, for the start-up log line and the status page:
/// the configured values with every "auto" resolved where Edge resolves it.
/// </summary>
/// <param name="Encoder">The encoder, e.g. <c>libx264</c>, <c>h264_v4l2m2m</c>, <c>/dev/video11 (bcm2835-codec-encode)</c>.</param>
/// <param name="Profile">The H.264 profile asked for (<c>baseline</c>, <c>main</c>, <c>high</c>), or <c>default</c>.</param>
/// <param name="Preset">libx264's preset; empty for encoders that have none.</param>
/// <param name="BitrateMode"><c>vbr</c> or <c>cbr</c>.</param>
/// <param name="BitrateKbps">The target (cbr) or the ceiling (vbr).</param>
/// <param name="Level">The H.264 level asked for, or <c>auto</c> when the encoder chooses.</param>
public sealed record EffectiveEncoderSettings(string Encoder, string Profile, string Preset, string BitrateMode, int BitrateKbps, string Level)
{
    /// <summary>From the settings an encoder was opened with.</summary>
    public static EffectiveEncoderSettings From(string encoder, VideoEncoderSettings settings, string preset = "") =>
        new(encoder,
            settings.Profile.Length == 0 ? "default" : settings.Profile,
            preset,
            settings.BitrateMode,
            settings.BitrateKbps,
            settings.Level.Length == 0 ? "auto" : settings.Level);

    /// <summary>The settings without the encoder's name: <c>profile main, preset superfast, vbr up to 2500 kbit/s, level auto</c>.</summary>
    public string Summary
    {
        get
        {
            var rate = BitrateMode == "cbr"
                ? string.Create(CultureInfo.InvariantCulture, $"cbr {BitrateKbps} kbit/s")
                : string.Create(CultureInfo.InvariantCulture, $"vbr up to {BitrateKbps} kbit/s");
            var preset = Preset.Length == 0 ? "" : $", preset {Preset}";
            return $"profile {Profile}{preset}, {rate}, level {Level}";
        }
    }

    /// <summary>One line: <c>libx264: profile main, preset superfast, vbr up to 2500 kbit/s, level auto</c>.</summary>
    public override string ToString() => $"{Encoder}: {Summary}";
}

using Edge.Config;

namespace Edge.Config.Tests.Binding;

/// <summary><c>[camera.NAME.encoder]</c>: profile, preset, bitrate_mode and level.</summary>
public sealed class EncoderSettingsTests
{
    [Fact]
    public void Without_the_keys_the_defaults_are_main_auto_vbr_and_no_level()
    {
        var encoder = Load("[camera.a]").Cameras[0].Encoder;

        Assert.Equal((H264Profile.Main, EncoderPreset.Auto, BitrateMode.Vbr, (string?)null), (encoder.Profile, encoder.Preset, encoder.BitrateMode, encoder.Level));
    }

    [Theory]
    [InlineData("preset = \"superfast\"\nbitrate_mode = \"cbr\"\nlevel = \"4.1\"", EncoderPreset.Superfast, BitrateMode.Cbr, "4.1")]
    [InlineData("preset = \"Medium\"\nbitrate_mode = \"VBR\"\nlevel = 4.1", EncoderPreset.Medium, BitrateMode.Vbr, "4.1")]
    [InlineData("preset = \"auto\"\nlevel = 4", EncoderPreset.Auto, BitrateMode.Vbr, "4")]
    [InlineData("preset = \"ultrafast\"\nlevel = \"4.0\"", EncoderPreset.Ultrafast, BitrateMode.Vbr, "4")]
    [InlineData("level = \"auto\"", EncoderPreset.Auto, BitrateMode.Vbr, null)]
    public void Values_are_read_as_written(string keys, EncoderPreset preset, BitrateMode mode, string? level)
    {
        var encoder = Load($"[camera.a]\nwidth = 640\nheight = 480\n[camera.a.encoder]\n{keys}").Cameras[0].Encoder;

        Assert.Equal((preset, mode, level), (encoder.Preset, encoder.BitrateMode, encoder.Level));
    }

    [Theory]
    [InlineData("preset = \"slow\"", "t.toml:3:10: camera.a.encoder.preset must be one of auto, ultrafast, superfast, veryfast, faster, fast, medium; got \"slow\"")]
    [InlineData("preset = \"superfats\"", "got \"superfats\" (did you mean \"superfast\"?)")]
    [InlineData("bitrate_mode = \"abr\"", "t.toml:3:16: camera.a.encoder.bitrate_mode must be one of vbr, cbr; got \"abr\"")]
    [InlineData("bitrate_mode = \"cbrr\"", "(did you mean \"cbr\"?)")]
    [InlineData("level = \"4.3\"", "t.toml:3:9: camera.a.encoder.level must be \"auto\" or an H.264 level: 1, 1b, 1.1")]
    [InlineData("level = true", "camera.a.encoder.level must be \"auto\" or an H.264 level: 1, 1b, 1.1, 1.2, 1.3, 2, 2.1, 2.2, 3, 3.1, 3.2, 4, 4.1, 4.2, 5, 5.1, 5.2, 6, 6.1, 6.2; got a boolean")]
    [InlineData("profile = \"hihg\"", "camera.a.encoder.profile must be one of baseline, main, high; got \"hihg\" (did you mean \"high\"?)")]
    [InlineData("preset_name = \"fast\"", "unknown key \"camera.a.encoder.preset_name\"; did you mean \"preset\"?")]
    public void Bad_values_are_located_and_explained(string line, string expected)
    {
        var result = ConfigLoader.LoadText($"[camera.a]\n[camera.a.encoder]\n{line}", "t.toml");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    // 1920x1080 is 8160 macroblocks; level 3.1 allows 3600 a picture.
    [InlineData(1920, 1080, 30, 4000, "main", "3.1", "camera.a.encoder.level is 3.1, too low for this camera: 1920x1080 is 8160 macroblocks a picture and level 3.1 allows 3600; use level = \"4\" or higher, or \"auto\"")]
    // 1280x720 at 60 fps is 216000 macroblocks a second; 3.1 allows 108000.
    [InlineData(1280, 720, 60, 4000, "main", "3.1", "1280x720 at 60 fps is 216000 macroblocks a second and level 3.1 allows 108000; use level = \"3.2\" or higher")]
    // Level 4 carries 20000 kbit/s in main, 25000 in high.
    [InlineData(1920, 1080, 30, 24000, "main", "4", "24000 kbit/s is more than level 4 allows (20000 kbit/s); use level = \"4.1\" or higher")]
    public void A_level_too_low_for_the_camera_is_refused_with_the_level_that_fits(int width, int height, int fps, int kbps, string profile, string level, string expected)
    {
        var result = ConfigLoader.LoadText(
            $"[camera.a]\nwidth = {width}\nheight = {height}\nfps = {fps}\n[camera.a.encoder]\nbitrate_kbps = {kbps}\nprofile = \"{profile}\"\nlevel = \"{level}\"", "t.toml");

        var error = Assert.Single(result.Errors);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("t.toml:8:9: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void High_profile_may_carry_a_quarter_more_bitrate_than_main_at_the_same_level()
    {
        var text = "[camera.a]\nwidth = 1920\nheight = 1080\nfps = 30\n[camera.a.encoder]\nbitrate_kbps = 24000\nlevel = \"4\"\nprofile = ";

        Assert.False(ConfigLoader.LoadText(text + "\"main\"", "t.toml").IsValid);
        Assert.True(ConfigLoader.LoadText(text + "\"high\"", "t.toml").IsValid);
    }

    private static EdgeConfig Load(string text)
    {
        var result = ConfigLoader.LoadText(text, "t.toml");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Config!;
    }
}

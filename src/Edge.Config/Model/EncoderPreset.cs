namespace Edge.Config;

/// <summary>
/// libx264's speed/quality preset (<c>camera.NAME.encoder.preset</c>), fastest first. Slower
/// presets spend more CPU for a smaller stream at the same picture quality. Hardware encoders
/// have no preset and ignore it.
/// </summary>
public enum EncoderPreset
{
    /// <summary>Chosen from the picture rate: superfast up to 1280x720 at 30 fps, ultrafast above.</summary>
    Auto,
    Ultrafast,
    Superfast,
    Veryfast,
    Faster,
    Fast,
    Medium,
}

namespace Edge.Config;

/// <summary>The H.264 profile asked of the encoder.</summary>
public enum H264Profile
{
    Baseline,
    Main,
    High,
}

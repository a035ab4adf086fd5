namespace Edge.Config;

/// <summary>The audio track sent with a push.</summary>
public enum PushAudio
{
    None,

    /// <summary>A silent AAC track, for platforms that refuse or warn on video-only streams.</summary>
    Silent,
}

namespace Edge.Rtmp.Client;

/// <summary>The audio track a publisher sends with the video.</summary>
public enum RtmpAudio
{
    /// <summary>Video only.</summary>
    None,

    /// <summary>A silent AAC track, for platforms that refuse or warn on video-only streams.</summary>
    Silent,
}

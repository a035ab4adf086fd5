namespace Edge.Media.Health;

/// <summary>Where an RTMP(S) push is.</summary>
public enum PushState
{
    Disabled,
    Connecting,
    Live,

    /// <summary>Waiting to reconnect after a failure; the detail says why and when.</summary>
    Retrying,
}

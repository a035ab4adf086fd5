namespace Edge.Config;

/// <summary>How <c>bitrate_kbps</c> is held (<c>camera.NAME.encoder.bitrate_mode</c>).</summary>
public enum BitrateMode
{
    /// <summary>
    /// Quality first, capped: a simple picture takes less than <c>bitrate_kbps</c>, a busy one
    /// never more (libx264: constant rate factor 23 under a one-second buffer at the cap). For
    /// viewers on the LAN and recorders.
    /// </summary>
    Vbr,

    /// <summary>
    /// Constant: <c>bitrate_kbps</c> every second, padded when the picture needs less, as
    /// Twitch-style ingest servers and thin uplinks want (libx264: <c>nal-hrd=cbr</c>).
    /// </summary>
    Cbr,
}

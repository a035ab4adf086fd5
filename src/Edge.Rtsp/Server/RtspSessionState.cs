namespace Edge.Rtsp.Server;

/// <summary>RFC 2326 appendix A's server states for one session.</summary>
internal enum RtspSessionState
{
    Ready,
    Playing,
    Closed,
}

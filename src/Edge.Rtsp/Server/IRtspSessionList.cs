namespace Edge.Rtsp.Server;

/// <summary>Who is playing what: a read-only view of an RTSP server's sessions for status pages.</summary>
public interface IRtspSessionList
{
    /// <summary>The sessions playing now, oldest first; a fresh copy on every call.</summary>
    IReadOnlyList<RtspSessionInfo> PlayingSessions();
}

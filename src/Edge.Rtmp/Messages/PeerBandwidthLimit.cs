namespace Edge.Rtmp.Messages;

/// <summary>The limit type of Set Peer Bandwidth (RTMP 1.0 section 5.4.5).</summary>
internal enum PeerBandwidthLimit : byte
{
    Hard = 0,
    Soft = 1,
    Dynamic = 2,
}

namespace Edge.Rtsp.Protocol.Rtcp;

/// <summary>One reception report block of a receiver or sender report (RFC 3550 6.4.1): how a receiver is doing with one source.</summary>
/// <param name="Ssrc">The source the block is about.</param>
/// <param name="FractionLost">Packets lost since the previous report, in 1/256ths.</param>
/// <param name="CumulativeLost">Packets lost since reception began (negative with duplicates).</param>
/// <param name="HighestSequenceNumber">Extended highest sequence number received.</param>
/// <param name="Jitter">Interarrival jitter, in RTP timestamp units.</param>
/// <param name="LastSenderReport">Middle 32 bits of the NTP timestamp of the last sender report received (0: none yet).</param>
/// <param name="DelaySinceLastSenderReport">Time since that sender report, in 1/65536 s.</param>
public readonly record struct ReceptionReport(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint HighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    /// <summary>Bytes of a block on the wire.</summary>
    public const int Length = 24;

    /// <summary>The fraction of packets lost, between 0 and 1.</summary>
    public double LossRatio => FractionLost / 256.0;

    /// <summary>
    /// The round-trip time to the receiver (RFC 3550 6.4.1): arrival time of this report less the
    /// time the echoed sender report left, less the receiver's delay. False when the receiver has not
    /// seen a sender report yet or the result is negative.
    /// </summary>
    public bool TryGetRoundTripTime(NtpTimestamp arrival, out TimeSpan roundTrip)
    {
        roundTrip = default;
        if (LastSenderReport == 0)
            return false;
        var units = unchecked(arrival.Middle32 - LastSenderReport - DelaySinceLastSenderReport);
        if (units >= 0x8000_0000)
            return false;
        roundTrip = NtpTimestamp.FromMiddle32Units(units);
        return true;
    }
}

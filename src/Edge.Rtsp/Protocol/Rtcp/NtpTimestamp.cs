namespace Edge.Rtsp.Protocol.Rtcp;

/// <summary>
/// A 64-bit NTP timestamp (RFC 5905, used by RFC 3550 sender reports): seconds since
/// 1900-01-01 UTC in the high 32 bits, the fraction of a second in the low 32.
/// </summary>
/// <param name="Value">The 64-bit value as sent on the wire.</param>
public readonly record struct NtpTimestamp(ulong Value)
{
    /// <summary>Seconds from the NTP epoch (1900) to the Unix epoch (1970).</summary>
    public const long UnixEpochOffsetSeconds = 2_208_988_800;

    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>Whole seconds since 1900 (wrapping in 2036, as NTP does).</summary>
    public uint Seconds => (uint)(Value >> 32);

    /// <summary>The fraction of a second, in units of 2^-32 s.</summary>
    public uint Fraction => (uint)Value;

    /// <summary>
    /// The middle 32 bits: 16 bits of seconds, 16 of fraction. A receiver echoes them as a reception
    /// report's <c>LSR</c> (last SR timestamp), and round-trip times are computed in these units.
    /// </summary>
    public uint Middle32 => (uint)(Value >> 16);

    /// <summary>The timestamp of a moment given in ticks (100 ns) since the Unix epoch, as <see cref="DateTimeOffset.UtcTicks"/> minus <see cref="DateTimeOffset.UnixEpoch"/>.</summary>
    public static NtpTimestamp FromUnixTimeTicks(long ticks)
    {
        var seconds = Math.DivRem(ticks, TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TicksPerSecond;
        }

        var fraction = (ulong)(((UInt128)(ulong)remainder << 32) / TicksPerSecond);
        var ntpSeconds = unchecked((ulong)(seconds + UnixEpochOffsetSeconds) & 0xFFFF_FFFF);
        return new NtpTimestamp((ntpSeconds << 32) | fraction);
    }

    /// <summary>The timestamp of <paramref name="time"/>.</summary>
    public static NtpTimestamp FromDateTimeOffset(DateTimeOffset time) =>
        FromUnixTimeTicks(time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);

    /// <summary>The current wall-clock time of <paramref name="time"/>.</summary>
    public static NtpTimestamp Now(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return FromDateTimeOffset(time.GetUtcNow());
    }

    /// <summary>
    /// Converts a duration in the units of <see cref="Middle32"/> (1/65536 s), such as a reception
    /// report's <c>DLSR</c>, to a <see cref="TimeSpan"/>.
    /// </summary>
    public static TimeSpan FromMiddle32Units(uint units) =>
        TimeSpan.FromTicks((long)((ulong)units * TicksPerSecond / 65536));
}

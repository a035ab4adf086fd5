using Edge.Rtsp.Protocol.Rtcp;

namespace Edge.Rtsp.Tests.Protocol.Rtcp;

public sealed class NtpTimestampTests
{
    [Fact]
    public void Unix_epoch_is_2208988800_seconds_after_the_ntp_epoch()
    {
        var ntp = NtpTimestamp.FromUnixTimeTicks(0);

        Assert.Equal(2_208_988_800u, ntp.Seconds);
        Assert.Equal(0u, ntp.Fraction);
    }

    [Fact]
    public void Half_a_second_is_half_the_fraction_range()
    {
        var ntp = NtpTimestamp.FromUnixTimeTicks(TimeSpan.TicksPerSecond * 10 + (TimeSpan.TicksPerSecond / 2));

        Assert.Equal(2_208_988_810u, ntp.Seconds);
        Assert.Equal(0x8000_0000u, ntp.Fraction);
        Assert.Equal((ntp.Seconds << 16) | 0x8000u, ntp.Middle32);
    }

    [Fact]
    public void Converts_a_known_date()
    {
        // 2025-01-01T00:00:00Z is 1735689600 s after the Unix epoch.
        var ntp = NtpTimestamp.FromDateTimeOffset(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(1_735_689_600u + 2_208_988_800u, ntp.Seconds);
        Assert.Equal(0u, ntp.Fraction);
    }

    [Fact]
    public void Times_before_1970_round_down()
    {
        var ntp = NtpTimestamp.FromUnixTimeTicks(-TimeSpan.TicksPerSecond / 4);

        Assert.Equal(2_208_988_799u, ntp.Seconds);
        Assert.Equal(0xC000_0000u, ntp.Fraction);
    }

    [Fact]
    public void Middle32_units_are_1_65536_of_a_second()
    {
        Assert.Equal(TimeSpan.FromSeconds(1.5), NtpTimestamp.FromMiddle32Units(0x18000));
    }
}

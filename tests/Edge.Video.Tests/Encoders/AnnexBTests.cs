using Edge.Video.Encoders;

namespace Edge.Video.Tests.Encoders;

public class AnnexBTests
{
    private static readonly byte[] Sps = [0x67, 0x42, 0xC0, 0x1E, 0x8C];
    private static readonly byte[] Pps = [0x68, 0xCE, 0x3C, 0x80];
    private static readonly byte[] Idr = [0x65, 0x88, 0x84, 0x00, 0x21];
    private static readonly byte[] Slice = [0x41, 0x9A, 0x02];

    [Fact]
    public void Reads_units_behind_three_and_four_byte_start_codes()
    {
        byte[] data = [0, 0, 0, 1, .. Sps, 0, 0, 1, .. Pps, 0, 0, 0, 1, .. Idr];
        var position = 0;
        var units = new List<(int Start, int Payload, int End)>();
        while (AnnexB.TryReadNal(data, ref position, out var start, out var payload, out var end))
            units.Add((start, payload, end));

        Assert.Equal([(0, 4, 9), (9, 12, 16), (16, 20, 25)], units);
        Assert.Equal((1 << 5) | (1 << 7) | (1 << 8), AnnexB.NalTypeMask(data));
    }

    [Fact]
    public void Data_without_a_start_code_has_no_units() =>
        Assert.Equal(0, AnnexB.NalTypeMask([0x65, 0, 0, 2, 0, 0]));

    [Fact]
    public void Cache_keeps_the_latest_parameter_sets_with_four_byte_start_codes()
    {
        var cache = new ParameterSetCache();
        Assert.True(cache.Current.IsEmpty);

        byte[] first = [0, 0, 1, .. Sps, 0, 0, 1, .. Pps, 0, 0, 1, 0x06, 0x05, 0, 0, 1, .. Idr];
        var mask = cache.Observe(first);
        Assert.NotEqual(0, mask & (1 << 5));
        Assert.Equal([0, 0, 0, 1, .. Sps, 0, 0, 0, 1, .. Pps], cache.Current.ToArray());

        // A unit without SPS leaves the cache alone.
        cache.Observe([0, 0, 0, 1, .. Slice]);
        Assert.Equal([0, 0, 0, 1, .. Sps, 0, 0, 0, 1, .. Pps], cache.Current.ToArray());

        // New, larger parameter sets replace the old ones.
        byte[] bigSps = [0x67, .. Enumerable.Repeat((byte)0x11, 200)];
        cache.Observe([0, 0, 0, 1, .. bigSps, 0, 0, 0, 1, .. Pps, 0, 0, 0, 1, .. Idr]);
        Assert.Equal([0, 0, 0, 1, .. bigSps, 0, 0, 0, 1, .. Pps], cache.Current.ToArray());
    }
}

using Edge.Media.H264;
using Edge.Media.Tests.Support;

namespace Edge.Media.Tests.H264;

public sealed class AnnexBTests
{
    private static List<byte[]> Enumerate(ReadOnlySpan<byte> data)
    {
        var units = new List<byte[]>();
        foreach (var nal in AnnexB.EnumerateNalUnits(data))
            units.Add(nal.ToArray());
        return units;
    }

    [Fact]
    public void Splits_three_and_four_byte_start_codes()
    {
        byte[] data = [0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 5, 6];

        var units = Enumerate(data);

        Assert.Equal(3, units.Count);
        Assert.Equal([0x67, 1, 2], units[0]);
        Assert.Equal([0x68, 3], units[1]);
        Assert.Equal([0x65, 4, 5, 6], units[2]);
    }

    [Fact]
    public void Reports_offsets_into_the_buffer()
    {
        byte[] data = [0, 0, 1, 0x09, 0xF0, 0, 0, 0, 1, 0x41, 7];

        var enumerator = AnnexB.EnumerateNalUnits(data);
        Assert.True(enumerator.MoveNext());
        Assert.Equal(3, enumerator.CurrentOffset);
        Assert.Equal(2, enumerator.CurrentLength);
        Assert.True(enumerator.MoveNext());
        Assert.Equal(9, enumerator.CurrentOffset);
        Assert.Equal(2, enumerator.CurrentLength);
        Assert.False(enumerator.MoveNext());
    }

    [Fact]
    public void Skips_leading_garbage_trailing_zeros_and_empty_units()
    {
        byte[] data = [0xFF, 0xEE, 0, 0, 1, 0, 0, 1, 0x67, 9, 0, 0, 0, 0, 0, 0, 1, 0x68, 8, 0, 0];

        var units = Enumerate(data);

        Assert.Equal(2, units.Count);
        Assert.Equal([0x67, 9], units[0]);
        Assert.Equal([0x68, 8], units[1]);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0, 0 })]
    [InlineData(new byte[] { 0, 0, 1 })]
    [InlineData(new byte[] { 0, 0, 0, 1, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 0x65, 1, 2, 3 })]
    public void Finds_nothing_where_there_is_no_unit(byte[] data)
    {
        Assert.Empty(Enumerate(data));
    }

    [Fact]
    public void Converts_to_avcc_and_back()
    {
        byte[] sps = [0x67, 0x42, 0xC0, 0x1F];
        byte[] pps = [0x68, 0xCB, 0x83];
        byte[] idr = [0x65, 0x88, 0x84, 0x00, 0x00, 0x03, 0x01];
        byte[] annexB = [0, 0, 1, .. sps, 0, 0, 0, 1, .. pps, 0, 0, 1, .. idr];

        var avcc = new byte[AnnexB.GetAvccLength(annexB)];
        var written = AnnexB.ToAvcc(annexB, avcc);

        Assert.Equal(avcc.Length, written);
        Assert.Equal(
            [0, 0, 0, 4, .. sps, 0, 0, 0, 3, .. pps, 0, 0, 0, 7, .. idr],
            avcc);

        var back = new byte[AnnexB.GetLengthFromAvcc(avcc)];
        Assert.Equal(back.Length, AnnexB.FromAvcc(avcc, back));
        Assert.Equal([0, 0, 0, 1, .. sps, 0, 0, 0, 1, .. pps, 0, 0, 0, 1, .. idr], back);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Handles_every_avcc_length_size(int lengthSize)
    {
        byte[] annexB = [0, 0, 0, 1, 0x67, 1, 2, 3, 0, 0, 0, 1, 0x68, 4];

        var avcc = new byte[AnnexB.GetAvccLength(annexB, lengthSize)];
        AnnexB.ToAvcc(annexB, avcc, lengthSize);
        var units = new List<byte[]>();
        foreach (var nal in Avcc.EnumerateNalUnits(avcc, lengthSize))
            units.Add(nal.ToArray());

        Assert.Equal(2 * lengthSize + 6, avcc.Length);
        Assert.Equal(new List<byte[]> { new byte[] { 0x67, 1, 2, 3 }, new byte[] { 0x68, 4 } }, units);
    }

    [Fact]
    public void Reports_a_short_destination()
    {
        byte[] annexB = [0, 0, 0, 1, 0x67, 1, 2, 3];

        Assert.False(AnnexB.TryToAvcc(annexB, new byte[7], out _));
        Assert.Throws<ArgumentException>(() => AnnexB.ToAvcc(annexB, new byte[7]));
        Assert.False(AnnexB.TryFromAvcc([0, 0, 0, 2, 0x41, 1], new byte[5], out _));
    }

    [Fact]
    public void Rejects_a_nal_unit_too_long_for_the_length_prefix()
    {
        var annexB = new byte[300];
        annexB[3] = 1;
        annexB.AsSpan(4).Fill(0x41);

        Assert.Throws<InvalidDataException>(() => AnnexB.ToAvcc(annexB, new byte[400], lengthSize: 1));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 5, 0x41, 1 })]
    [InlineData(new byte[] { 0, 0, 0, 1, 0x41, 0, 0 })]
    public void Rejects_malformed_avcc(byte[] avcc)
    {
        Assert.Throws<InvalidDataException>(() => AnnexB.GetLengthFromAvcc(avcc));
        Assert.Throws<InvalidDataException>(() => AnnexB.FromAvcc(avcc, new byte[64]));
    }

    [Fact]
    public void Finds_the_parameter_sets_of_an_access_unit()
    {
        var unit = Nal.AnnexB([0x09, 0xF0], KnownParameterSets.Sps1920x1080High, KnownParameterSets.Pps1920x1080High, [0x06, 5, 1, 0x80], [0x65, 0x88, 0x80]);

        Assert.True(AnnexB.TryFindParameterSets(unit, out var sps, out var pps));
        Assert.Equal(KnownParameterSets.Sps1920x1080High, sps.ToArray());
        Assert.Equal(KnownParameterSets.Pps1920x1080High, pps.ToArray());
        Assert.False(AnnexB.TryFindParameterSets(Nal.AnnexB([0x41, 1, 2]), out _, out _));
        Assert.False(AnnexB.TryFindParameterSets(Nal.AnnexB(KnownParameterSets.Sps1920x1080High, [0x65, 1]), out _, out _));
    }

    [Fact]
    public void Round_trips_random_units_with_random_start_codes()
    {
        var random = new Random(20240611);
        for (var iteration = 0; iteration < 2000; iteration++)
        {
            var units = new List<byte[]>();
            var stream = new List<byte>();
            if (random.Next(4) == 0)
                stream.AddRange([0, 0]); // leading zeros
            var count = random.Next(1, 8);
            for (var i = 0; i < count; i++)
            {
                var rbsp = new byte[random.Next(0, 40)];
                random.NextBytes(rbsp);
                for (var k = 0; k < rbsp.Length; k++)
                {
                    if (random.Next(3) == 0)
                        rbsp[k] = 0; // plenty of zero runs to escape
                }

                var unit = Nal.Unit((byte)random.Next(1, 32), [.. rbsp, 0x80]); // ends in a stop bit
                units.Add(unit);
                stream.AddRange(random.Next(2) == 0 ? [0, 0, 1] : [0, 0, 0, 1]);
                stream.AddRange(unit);
                for (var z = random.Next(3); z > 0; z--)
                    stream.Add(0); // trailing_zero_8bits
            }

            byte[] annexB = [.. stream];
            Assert.Equal(units, Enumerate(annexB));
            Assert.Equal(Nal.SplitAnnexB(annexB), Enumerate(annexB));

            var avcc = new byte[AnnexB.GetAvccLength(annexB)];
            AnnexB.ToAvcc(annexB, avcc);
            var back = new byte[AnnexB.GetLengthFromAvcc(avcc)];
            AnnexB.FromAvcc(avcc, back);
            Assert.Equal(Nal.AnnexB([.. units]), back);
        }
    }

    [Fact]
    public void Enumerating_random_bytes_never_throws_and_never_returns_a_start_code()
    {
        var random = new Random(7);
        for (var iteration = 0; iteration < 5000; iteration++)
        {
            var data = new byte[random.Next(0, 64)];
            for (var i = 0; i < data.Length; i++)
                data[i] = (byte)(random.Next(4) == 0 ? random.Next(256) : random.Next(3));

            var total = 0;
            foreach (var nal in AnnexB.EnumerateNalUnits(data))
            {
                Assert.False(nal.IsEmpty);
                Assert.NotEqual(0, nal[^1]);
                Assert.Equal(-1, nal.IndexOf((ReadOnlySpan<byte>)[0, 0, 1]));
                total += nal.Length;
            }

            Assert.True(total <= data.Length);
            Assert.Equal(Nal.SplitAnnexB(data), Enumerate(data));
        }
    }

    [Fact]
    public void Enumerating_random_avcc_throws_only_invalid_data()
    {
        var random = new Random(11);
        for (var iteration = 0; iteration < 5000; iteration++)
        {
            var data = new byte[random.Next(0, 32)];
            random.NextBytes(data);
            for (var i = 0; i < data.Length; i++)
            {
                if (random.Next(2) == 0)
                    data[i] = (byte)random.Next(4);
            }

            var lengthSize = (int[])[1, 2, 4];
            try
            {
                foreach (var nal in Avcc.EnumerateNalUnits(data, lengthSize[random.Next(3)]))
                    Assert.False(nal.IsEmpty);
            }
            catch (InvalidDataException)
            {
            }
        }
    }
}

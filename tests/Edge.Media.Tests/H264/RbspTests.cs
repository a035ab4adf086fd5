using Edge.Media.H264;
using Edge.Media.Tests.Support;

namespace Edge.Media.Tests.H264;

public sealed class RbspTests
{
    [Theory]
    [InlineData("000003", "0000")]
    [InlineData("00000301", "000001")]
    [InlineData("0000030000030102", "000000000102")]
    [InlineData("00000303", "000003")]
    [InlineData("000103", "000103")]
    [InlineData("0003000003", "00030000")]
    [InlineData("", "")]
    public void Removes_emulation_prevention_bytes(string escaped, string raw)
    {
        var source = Convert.FromHexString(escaped);

        var destination = new byte[source.Length];
        var length = Rbsp.RemoveEmulationPrevention(source, destination);

        Assert.Equal(raw, Convert.ToHexString(destination, 0, length));
        Assert.Equal(raw, Convert.ToHexString(Rbsp.RemoveEmulationPrevention(source)));
    }

    [Fact]
    public void Removes_in_place()
    {
        var data = Convert.FromHexString("AA0000030100000302");

        var length = Rbsp.RemoveEmulationPrevention(data, data);

        Assert.Equal("AA000001000002", Convert.ToHexString(data, 0, length));
    }

    [Fact]
    public void Undoes_what_an_independent_escaper_did()
    {
        var random = new Random(3);
        for (var i = 0; i < 3000; i++)
        {
            var raw = new byte[random.Next(0, 50)];
            for (var k = 0; k < raw.Length; k++)
                raw[k] = (byte)(random.Next(2) == 0 ? 0 : random.Next(5));
            var escaped = Nal.Escape(raw);

            Assert.Equal(raw, Rbsp.RemoveEmulationPrevention(escaped));
        }
    }

    [Fact]
    public void Reads_fixed_width_fields()
    {
        var reader = new RbspBitReader([0b1011_0011, 0xFF, 0x00, 0x12, 0x34, 0x56, 0x78, 0x9A]);

        Assert.True(reader.ReadBit());
        Assert.Equal(0b011u, reader.ReadBits(3));
        Assert.Equal(0b0011_1111u, reader.ReadBits(8));
        Assert.Equal(12, reader.Position);
        Assert.Equal(0xF0012345u, reader.ReadBits(32));
        Assert.Equal(0x6789Au, reader.ReadBits(20));
        Assert.Equal(0, reader.BitsRemaining);
        Assert.Equal(0u, reader.ReadBits(0));
    }

    [Theory]
    [InlineData("80", 0u)]            // 1
    [InlineData("40", 1u)]            // 010
    [InlineData("60", 2u)]            // 011
    [InlineData("20", 3u)]            // 00100
    [InlineData("38", 6u)]            // 00111
    [InlineData("10", 7u)]            // 0001000
    [InlineData("0000000100000000", 2147483647u)] // 31 zeros, the marker bit, 31 zeros: 2^31 - 1
    [InlineData("00000001FFFFFFFE", 4294967294u)] // 31 zeros, the marker bit, 31 ones: the largest ue(v)
    public void Reads_unsigned_exp_golomb(string hex, uint expected)
    {
        var reader = new RbspBitReader(Convert.FromHexString(hex));

        Assert.Equal(expected, reader.ReadUnsignedExpGolomb());
    }

    [Fact]
    public void Reads_what_the_writer_wrote()
    {
        var random = new Random(5);
        var unsigned = new uint[500];
        var signed = new int[500];
        var writer = new BitWriter();
        for (var i = 0; i < unsigned.Length; i++)
        {
            unsigned[i] = random.Next(4) switch
            {
                0 => (uint)random.Next(0, 4),
                1 => (uint)random.Next(0, 1000),
                2 => (uint)random.NextInt64(0, uint.MaxValue),
                _ => uint.MaxValue - 1,
            };
            signed[i] = random.Next(3) switch
            {
                0 => random.Next(-3, 4),
                1 => random.Next(int.MinValue + 1, int.MaxValue),
                _ => random.Next(2) == 0 ? int.MaxValue : int.MinValue + 1,
            };
            writer.Ue(unsigned[i]).Se(signed[i]);
        }

        var reader = new RbspBitReader(writer.TrailingBits().ToArray());
        for (var i = 0; i < unsigned.Length; i++)
        {
            Assert.Equal(unsigned[i], reader.ReadUnsignedExpGolomb());
            Assert.Equal(signed[i], reader.ReadSignedExpGolomb());
        }

        Assert.False(reader.HasMoreRbspData());
    }

    [Theory]
    [InlineData("80", 0)]
    [InlineData("40", 1)]
    [InlineData("60", -1)]
    [InlineData("20", 2)]
    [InlineData("28", -2)]
    public void Reads_signed_exp_golomb(string hex, int expected)
    {
        var reader = new RbspBitReader(Convert.FromHexString(hex));

        Assert.Equal(expected, reader.ReadSignedExpGolomb());
    }

    [Fact]
    public void Truncated_input_throws_invalid_data_not_index_out_of_range()
    {
        var ex = Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new RbspBitReader([0x00, 0x00]);
            reader.ReadUnsignedExpGolomb();
        });
        Assert.Contains("ended early", ex.Message, StringComparison.Ordinal);

        Assert.Throws<InvalidDataException>(() => new RbspBitReader([0xFF]).ReadBits(9));
        Assert.Throws<InvalidDataException>(() => new RbspBitReader([]).ReadBit());
        Assert.Throws<InvalidDataException>(() => new RbspBitReader([0x01]).SkipBits(9));
    }

    [Fact]
    public void An_exp_golomb_code_longer_than_32_bits_is_invalid_data()
    {
        var ex = Assert.Throws<InvalidDataException>(() => new RbspBitReader(new byte[8]).ReadUnsignedExpGolomb());

        Assert.Contains("leading zero", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Finds_the_stop_bit()
    {
        var reader = new RbspBitReader([0b1010_0000]);

        Assert.True(reader.HasMoreRbspData());
        reader.ReadBits(2);
        Assert.False(reader.HasMoreRbspData());
    }

    [Fact]
    public void Random_reads_on_random_data_throw_only_invalid_data()
    {
        var random = new Random(9);
        for (var iteration = 0; iteration < 20000; iteration++)
        {
            var data = new byte[random.Next(0, 12)];
            for (var i = 0; i < data.Length; i++)
                data[i] = (byte)(random.Next(3) == 0 ? random.Next(256) : 0);
            var reader = new RbspBitReader(data);
            try
            {
                for (var step = 0; step < 20; step++)
                {
                    switch (random.Next(5))
                    {
                        case 0: reader.ReadBit(); break;
                        case 1: reader.ReadBits(random.Next(0, 33)); break;
                        case 2: reader.ReadUnsignedExpGolomb(); break;
                        case 3: reader.ReadSignedExpGolomb(); break;
                        default: reader.SkipBits(random.Next(0, 10)); break;
                    }

                    Assert.True(reader.BitsRemaining >= 0);
                }
            }
            catch (InvalidDataException)
            {
            }
        }
    }
}

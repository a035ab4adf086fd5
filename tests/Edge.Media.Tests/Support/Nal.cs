namespace Edge.Media.Tests.Support;

/// <summary>Test-side NAL helpers, written independently of the code under test.</summary>
internal static class Nal
{
    /// <summary>Inserts emulation prevention bytes (H.264 7.4.1): 03 after 00 00 when the next byte is 00-03 or the data ends.</summary>
    public static byte[] Escape(ReadOnlySpan<byte> rbsp)
    {
        var output = new List<byte>(rbsp.Length + 8);
        var zeros = 0;
        foreach (var b in rbsp)
        {
            if (zeros >= 2 && b <= 3)
            {
                output.Add(3);
                zeros = 0;
            }

            output.Add(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }

        if (zeros >= 2)
            output.Add(3);
        return [.. output];
    }

    /// <summary>Builds a NAL unit: header byte, then the escaped RBSP.</summary>
    public static byte[] Unit(byte header, ReadOnlySpan<byte> rbsp) => [header, .. Escape(rbsp)];

    /// <summary>Joins NAL units with 4-byte start codes.</summary>
    public static byte[] AnnexB(params byte[][] units)
    {
        var output = new List<byte>();
        foreach (var unit in units)
        {
            output.AddRange([0, 0, 0, 1]);
            output.AddRange(unit);
        }

        return [.. output];
    }

    /// <summary>Splits an Annex B stream by a plain byte scan (a reference implementation for the tests).</summary>
    public static List<byte[]> SplitAnnexB(byte[] data)
    {
        var starts = new List<(int Prefix, int Payload)>();
        for (var i = 0; i + 2 < data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1)
            {
                starts.Add((i, i + 3));
                i += 2;
            }
        }

        var units = new List<byte[]>();
        for (var k = 0; k < starts.Count; k++)
        {
            var end = k + 1 < starts.Count ? starts[k + 1].Prefix : data.Length;
            var begin = starts[k].Payload;
            while (end > begin && data[end - 1] == 0)
                end--;
            if (end > begin)
                units.Add(data[begin..end]);
        }

        return units;
    }

    public static int Type(byte[] unit) => unit[0] & 0x1F;
}

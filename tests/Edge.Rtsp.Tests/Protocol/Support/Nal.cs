namespace Edge.Rtsp.Tests.Protocol.Support;

/// <summary>Builds H.264 NAL units and Annex B access units for tests.</summary>
internal static class Nal
{
    public const byte Sps = 7;
    public const byte Pps = 8;
    public const byte Sei = 6;
    public const byte Idr = 5;
    public const byte Slice = 1;
    public const byte Aud = 9;
    public const byte Filler = 12;

    /// <summary>
    /// A NAL unit of <paramref name="length"/> bytes (header included) with <paramref name="nri"/> and
    /// <paramref name="type"/>, filled from <paramref name="random"/> so that it holds no start code
    /// (never two zero bytes in a row) and does not end in a zero byte.
    /// </summary>
    public static byte[] Make(byte type, int length, Random random, int nri = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var nal = new byte[length];
        random.NextBytes(nal);
        nal[0] = (byte)((nri << 5) | type);
        for (var i = 1; i < length; i++)
        {
            if (nal[i] == 0 && (nal[i - 1] == 0 || i == length - 1))
                nal[i] = 0x5A;
        }

        return nal;
    }

    /// <summary>A NAL unit with deterministic content.</summary>
    public static byte[] Make(byte type, int length, int seed = 1, int nri = 3) => Make(type, length, new Random(seed), nri);

    /// <summary>The units after 4-byte start codes.</summary>
    public static byte[] AnnexB(params IEnumerable<byte[]> units)
    {
        var stream = new MemoryStream();
        foreach (var unit in units)
        {
            stream.Write([0, 0, 0, 1]);
            stream.Write(unit);
        }

        return stream.ToArray();
    }

    public static int TypeOf(byte[] nal) => nal[0] & 0x1F;
}

using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Edge.Display.Tests.Support;

/// <summary>
/// Just enough PNG (ISO/IEC 15948) to keep expected pictures as files a person can open: writes
/// 8-bit greyscale, each panel pixel as a <see cref="Scale"/>×<see cref="Scale"/> block so it is
/// big enough to look at; reads that back (any filter, so a file re-saved by an editor still
/// reads), taking each block's centre.
/// </summary>
internal static class PngFile
{
    public const int Scale = 4;

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = MakeCrcTable();

    public static void Write(string path, Picture picture)
    {
        int width = picture.Width * Scale, height = picture.Height * Scale;
        var raw = new byte[height * (width + 1)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (width + 1); // first byte of each row: filter 0, none
            for (var x = 0; x < width; x++)
                raw[row + 1 + x] = picture[x / Scale, y / Scale] ? (byte)0xFF : (byte)0x00;
        }

        using var file = File.Create(path);
        file.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // colour type: greyscale
        WriteChunk(file, "IHDR", header);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            zlib.Write(raw);
        WriteChunk(file, "IDAT", compressed.ToArray());
        WriteChunk(file, "IEND", []);
    }

    public static Picture Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (!bytes.AsSpan().StartsWith(Signature))
            throw new InvalidDataException($"{path} is not a PNG file");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var at = Signature.Length; at + 8 <= bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = Encoding.ASCII.GetString(bytes, at + 4, 4);
            var data = bytes.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                channels = data[9] switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => 0 };
                if (data[8] != 8 || channels == 0 || data[12] != 0)
                    throw new InvalidDataException($"{path}: only 8-bit, non-interlaced greyscale or RGB(A) is read here");
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            at += 12 + length;
        }
        if (width % Scale != 0 || height % Scale != 0)
            throw new InvalidDataException($"{path} is {width}x{height}, not a multiple of {Scale}");

        var stride = width * channels;
        var pixels = new byte[height * stride];
        idat.Position = 0;
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            var previous = new byte[stride];
            var row = new byte[stride + 1];
            for (var y = 0; y < height; y++)
            {
                zlib.ReadExactly(row);
                Unfilter(row[0], row.AsSpan(1), previous, channels);
                row.AsSpan(1).CopyTo(pixels.AsSpan(y * stride));
                row.AsSpan(1).CopyTo(previous);
            }
        }

        var picture = new Picture(width / Scale, height / Scale);
        for (var y = 0; y < picture.Height; y++)
        {
            for (var x = 0; x < picture.Width; x++)
                picture[x, y] = pixels[((y * Scale) + (Scale / 2)) * stride + (((x * Scale) + (Scale / 2)) * channels)] >= 0x80;
        }
        return picture;
    }

    /// <summary>Undoes one of PNG's five row filters in place (section 9).</summary>
    private static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> above, int bpp)
    {
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0, up = above[i], upLeft = i >= bpp ? above[i - bpp] : 0;
            row[i] += filter switch
            {
                0 => 0,
                1 => (byte)left,
                2 => (byte)up,
                3 => (byte)((left + up) / 2),
                4 => (byte)Paeth(left, up, upLeft),
                _ => throw new InvalidDataException($"PNG filter {filter} does not exist"),
            };
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc(Crc(0xFFFFFFFF, typeBytes), data) ^ 0xFFFFFFFF);
        output.Write(word);
    }

    /// <summary>The CRC-32 of PNG's Annex D, continued from <paramref name="crc"/>.</summary>
    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}

using System.Buffers.Binary;
using System.Text;

namespace Edge.Media.Tests.Support;

/// <summary>A box found in an MP4 byte stream: its type and where its body lies.</summary>
internal sealed record Mp4Box(string Type, int Offset, int Size, int BodyOffset)
{
    private static readonly HashSet<string> Containers = ["moov", "trak", "mdia", "minf", "stbl", "mvex", "moof", "traf", "dinf"];

    public int BodySize => Size - (BodyOffset - Offset);

    /// <summary>The boxes one after another in <paramref name="data"/>[offset, end).</summary>
    public static List<Mp4Box> List(byte[] data, int offset = 0, int? end = null)
    {
        var limit = end ?? data.Length;
        var boxes = new List<Mp4Box>();
        while (offset < limit)
        {
            Assert.True(limit - offset >= 8, $"a box header at {offset} is cut short");
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
            var type = Encoding.ASCII.GetString(data, offset + 4, 4);
            Assert.True(size >= 8 && offset + size <= limit, $"box {type} at {offset} claims {size} bytes, {limit - offset} remain");
            boxes.Add(new Mp4Box(type, offset, size, offset + 8));
            offset += size;
        }
        return boxes;
    }

    /// <summary>The box at a slash-separated path such as <c>moov/trak/tkhd</c>.</summary>
    public static Mp4Box Find(byte[] data, string path)
    {
        var boxes = List(data);
        Mp4Box? found = null;
        foreach (var type in path.Split('/'))
        {
            found = boxes.SingleOrDefault(b => b.Type == type) ?? throw new InvalidOperationException($"no {type} box on the way to {path}; found {string.Join(",", boxes.Select(b => b.Type))}");
            if (Containers.Contains(type))
                boxes = List(data, found.BodyOffset, found.Offset + found.Size);
        }
        return found!;
    }

    public static uint UInt32At(byte[] data, int offset) => BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));

    public static ulong UInt64At(byte[] data, int offset) => BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(offset));
}

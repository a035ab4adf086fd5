using Edge.Media.H264;
using Edge.Media.Tests.Support;

namespace Edge.Media.Tests.H264;

public sealed class AnnexBAccessUnitSplitterTests
{
    private static readonly byte[] Sps = [0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x1E, 0x95];
    private static readonly byte[] Pps = [0, 0, 0, 1, 0x68, 0xCE, 0x3C, 0x80];
    private static readonly byte[] Sei = [0, 0, 1, 0x06, 0x05, 0x01, 0xAA, 0x80];
    private static readonly byte[] Aud = [0, 0, 0, 1, 0x09, 0xF0];

    // first_mb_in_slice = 0 is a single '1' bit: the byte after the header has its top bit set.
    private static byte[] Slice(bool idr, bool firstInPicture, int payload, byte fill) =>
        [0, 0, 0, 1, idr ? (byte)0x65 : (byte)0x41, firstInPicture ? (byte)0x88 : (byte)0x40, .. Enumerable.Repeat(fill, payload), 0x80];

    private static List<byte[]> SyntheticUnits(int count, int slicesPerPicture, bool withAud)
    {
        var units = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var unit = new List<byte>();
            if (withAud)
                unit.AddRange(Aud);
            var idr = i % 10 == 0;
            if (idr)
                unit.AddRange([.. Sps, .. Pps, .. Sei]);
            for (var s = 0; s < slicesPerPicture; s++)
                unit.AddRange(Slice(idr, s == 0, 50 + (i * 37 % 900), (byte)(1 + i % 250)));
            units.Add([.. unit]);
        }
        return units;
    }

    private static List<byte[]> Split(byte[] stream, int seed, int maxChunk)
    {
        var splitter = new AnnexBAccessUnitSplitter();
        var output = new List<byte[]>();
        var random = new Random(seed);
        var position = 0;
        while (position < stream.Length)
        {
            var take = Math.Min(stream.Length - position, random.Next(1, maxChunk + 1));
            splitter.Push(stream.AsSpan(position, take), unit => output.Add(unit.ToArray()));
            position += take;
        }
        splitter.Flush(unit => output.Add(unit.ToArray()));
        return output;
    }

    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(1, 3, false)]
    [InlineData(7, 1, false)]
    [InlineData(7, 4, true)]
    [InlineData(3, 2, true)]
    [InlineData(2, 1, true)]
    public void AnyChunking_GivesBackTheSameUnits(int seed, int slices, bool withAud)
    {
        var units = SyntheticUnits(40, slices, withAud);
        var stream = units.SelectMany(u => u).ToArray();
        foreach (var maxChunk in new[] { 1, 2, 5, 64, 1000, stream.Length })
        {
            var output = Split(stream, seed, maxChunk);
            Assert.Equal(units.Count, output.Count);
            for (var i = 0; i < units.Count; i++)
                Assert.Equal(units[i], output[i]);
        }
    }

    [Fact]
    public void LeadingGarbage_IsDiscardedAndCounted()
    {
        var splitter = new AnnexBAccessUnitSplitter();
        var units = new List<byte[]>();
        byte[] garbage = [9, 9, 9, 9, 9];
        splitter.Push(garbage, u => units.Add(u.ToArray()));
        foreach (var unit in SyntheticUnits(3, 1, false))
            splitter.Push(unit, u => units.Add(u.ToArray()));
        splitter.Flush(u => units.Add(u.ToArray()));
        Assert.Equal(3, units.Count);
        Assert.True(splitter.DiscardedBytes >= 4);
    }

    [Fact]
    public void EndlessUnit_IsRejectedWithinTheLimit()
    {
        var splitter = new AnnexBAccessUnitSplitter(maxAccessUnitBytes: 64 * 1024);
        splitter.Push(Slice(true, true, 10, 1), _ => { });
        var noise = Enumerable.Repeat((byte)0x55, 4096).ToArray();
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            for (var i = 0; i < 100; i++)
                splitter.Push(noise, _ => { });
        });
        Assert.Contains("not an H.264 Annex B stream", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoStartCodeAtAll_StaysBounded()
    {
        var splitter = new AnnexBAccessUnitSplitter(maxAccessUnitBytes: 64 * 1024);
        var noise = Enumerable.Repeat((byte)0x55, 4096).ToArray();
        for (var i = 0; i < 1000; i++)
            splitter.Push(noise, _ => Assert.Fail("no unit expected"));
        Assert.True(splitter.DiscardedBytes > 4_000_000);
    }

    [FfmpegFact]
    public void Libx264Stream_WithSlices_SplitsIntoOneUnitPerFrame()
    {
        var stream = Ffmpeg.EncodeTestSource("320x240", "25", 50, "h264", "-x264-params", "slices=4:keyint=10:min-keyint=10:scenecut=0");
        var output = Split(stream, 3, 4096);
        Assert.Equal(50, output.Count);
        Assert.All(output, unit => Assert.True(AnnexB.EnumerateNalUnits(unit).MoveNext()));
        var idrs = output.Count(unit => HasNal(unit, NalUnitType.IdrSlice));
        Assert.Equal(5, idrs);
        Assert.All(output.Where(unit => HasNal(unit, NalUnitType.IdrSlice)), unit => Assert.True(HasNal(unit, NalUnitType.Sps)));
    }

    private static bool HasNal(byte[] unit, NalUnitType type)
    {
        foreach (var nal in AnnexB.EnumerateNalUnits(unit))
        {
            if (NalUnitHeader.TypeOf(nal) == type)
                return true;
        }
        return false;
    }
}

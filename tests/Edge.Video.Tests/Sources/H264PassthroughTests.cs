using Edge.Media;
using Edge.Video.Encoders.Passthrough;

namespace Edge.Video.Tests.Sources;

public sealed class H264PassthroughTests
{
    private static readonly byte[] Sps = [0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x1E, 0x95];
    private static readonly byte[] Pps = [0, 0, 0, 1, 0x68, 0xCE, 0x3C, 0x80];
    private static readonly byte[] Idr = [0, 0, 0, 1, 0x65, 0x88, 0x11, 0x80];
    private static readonly byte[] Inter = [0, 0, 0, 1, 0x41, 0x9A, 0x22, 0x80];

    [Fact]
    public void UnitsBeforeTheFirstIdr_AreDropped_AndIdrsGetTheirParameterSets()
    {
        var published = new List<(byte[] Data, bool Key, long Pts)>();
        var passthrough = new H264Passthrough(unit =>
        {
            published.Add((unit.Data.ToArray(), unit.IsKeyframe, unit.Pts90kHz));
            unit.Release();
        });

        passthrough.Publish(Inter, 0, 0);
        passthrough.Publish([.. Sps, .. Pps, .. Idr], 0, 3000);
        passthrough.Publish(Inter, 0, 6000);
        passthrough.Publish(Idr, 0, 9000); // an IDR without its sets: they are put back

        Assert.Equal(1, passthrough.DroppedBeforeFirstIdr);
        Assert.Equal(3, published.Count);
        Assert.True(published[0].Key);
        Assert.False(published[1].Key);
        Assert.True(published[2].Key);
        Assert.Equal([.. Sps, .. Pps, .. Idr], published[2].Data);
        Assert.Equal([3000L, 6000, 9000], published.Select(p => p.Pts));
    }

    [Fact]
    public void IdrWithoutAnyParameterSets_IsNotPublished()
    {
        var count = 0;
        var passthrough = new H264Passthrough(unit =>
        {
            count++;
            unit.Release();
        });
        passthrough.Publish(Idr, 0, 0);
        Assert.Equal(0, count);
        Assert.Equal(1, passthrough.IdrsWithoutParameterSets);
    }

    [Fact]
    public void EveryUnit_IsReturnedToThePool()
    {
        var before = AccessUnit.OutstandingCount;
        var passthrough = new H264Passthrough(unit => unit.Release());
        for (var i = 0; i < 100; i++)
            passthrough.Publish(i % 10 == 0 ? [.. Sps, .. Pps, .. Idr] : Inter, 0, i * 3000);
        Assert.Equal(before, AccessUnit.OutstandingCount);
    }
}

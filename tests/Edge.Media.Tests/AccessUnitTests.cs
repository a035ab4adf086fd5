using Edge.Media.Tests.Support;

namespace Edge.Media.Tests;

[Collection(AccessUnitAccounting.Name)]
public sealed class AccessUnitTests
{
    [Fact]
    public void Counts_outstanding_units_until_the_last_release()
    {
        var baseline = AccessUnit.OutstandingCount;

        var unit = AccessUnit.CopyOf([0, 0, 0, 1, 0x65, 1], captureTimestamp: 7, pts90kHz: 3000, isKeyframe: true, frameNumber: 42);
        Assert.Equal(baseline + 1, AccessUnit.OutstandingCount);
        unit.Retain();
        unit.Release();
        Assert.Equal(baseline + 1, AccessUnit.OutstandingCount);
        Assert.Equal(6, unit.Length);
        Assert.Equal(42, unit.FrameNumber);
        unit.Release();

        Assert.Equal(baseline, AccessUnit.OutstandingCount);
    }

    [Fact]
    public void A_released_unit_cannot_be_retained_or_released_again()
    {
        var baseline = AccessUnit.OutstandingCount;
        var unit = AccessUnit.Rent(16, 0, 0, false, 1);
        unit.Commit(4);
        unit.Release();

        Assert.Throws<InvalidOperationException>(() => unit.Retain());
        Assert.Throws<InvalidOperationException>(() => unit.Retain()); // and the failed Retain did not resurrect it
        Assert.Throws<InvalidOperationException>(unit.Release);
        Assert.Equal(0, unit.ReferenceCount);
        Assert.Equal(baseline, AccessUnit.OutstandingCount);
    }

    [Fact]
    public void Rent_and_release_reuse_pooled_units()
    {
        var first = AccessUnit.Rent(100, 0, 0, false, 1);
        first.Release();

        var again = AccessUnit.Rent(100, 0, 0, false, 2);
        try
        {
            Assert.Equal(2, again.FrameNumber);
            Assert.Equal(0, again.Length);
            Assert.True(again.GetWritableBuffer().Length >= 100);
            Assert.Equal(1, again.ReferenceCount);
        }
        finally
        {
            again.Release();
        }
    }
}

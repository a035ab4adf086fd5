using Edge.Cameras;
using Edge.Config;
using Edge.Media;
using Edge.Tests.Status;
using Edge.Tests.Status.Support;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Tests.Cameras;

public sealed class CameraRatesTests
{
    [Fact]
    public void Rates_are_the_hub_counters_growth_over_the_last_seconds()
    {
        EdgeConfig config = StatusTestData.Config();
        var time = new FakeTimeProvider();
        using var cameras = new CameraRegistry(config, time, new RecordingLoggerFactory());
        using var rates = new CameraRates(cameras, time);
        var front = cameras.Get("front");

        // The first sample is taken at once; one sample is not a rate.
        Assert.Null(rates.Of("front"));
        Assert.Null(rates.Of("nobody"));

        // 25 units of 1000 bytes a second for 10 s, then the camera stops.
        for (var second = 0; second < 10; second++)
        {
            for (var i = 0; i < 25; i++)
                front.Publish(Unit(second * 25 + i, 1000));
            time.Advance(CameraRates.SampleInterval);
        }
        var streaming = rates.Of("front");
        Assert.NotNull(streaming);
        Assert.Equal((25.0, 200_000.0), (streaming.Value.FramesPerSecond, streaming.Value.BitsPerSecond));
        Assert.Equal(TimeSpan.FromSeconds(CameraRates.WindowSamples - 1), streaming.Value.Over);
        Assert.Equal((0.0, 0.0), (rates.Of("back")!.Value.FramesPerSecond, rates.Of("back")!.Value.BitsPerSecond));

        // Once a whole window has passed without a picture, the camera measures zero.
        for (var second = 0; second < CameraRates.WindowSamples; second++)
            time.Advance(CameraRates.SampleInterval);
        Assert.Equal((0.0, 0.0), (rates.Of("front")!.Value.FramesPerSecond, rates.Of("front")!.Value.BitsPerSecond));
    }

    /// <summary>A unit of <paramref name="length"/> bytes: one non-IDR slice.</summary>
    internal static AccessUnit Unit(long number, int length)
    {
        var unit = AccessUnit.Rent(length, captureTimestamp: number, pts90kHz: number * 3600, isKeyframe: false, number);
        var buffer = unit.GetWritableBuffer()[..length];
        buffer.Fill(0xA5);
        ReadOnlySpan<byte> sliceHeader = [0, 0, 0, 1, 0x41]; // one non-IDR slice
        sliceHeader.CopyTo(buffer);
        unit.Commit(length);
        return unit;
    }
}

using Edge.Media;
using Edge.Media.Streaming;

namespace Edge.Rtsp.Tests.Server;

/// <summary>Stands in for a camera's encoder in server tests.</summary>
internal static class KeyframePublisher
{
    /// <summary>
    /// Publishes keyframes of 6000 bytes (several FU-A packets each) on <paramref name="hub"/>
    /// every 20 ms until <paramref name="stop"/>; every byte after the NAL header is
    /// <paramref name="fill"/>, so a receiver can tell which publisher a packet came from.
    /// </summary>
    public static async Task RunAsync(StreamHub hub, byte fill, CancellationToken stop)
    {
        // Zero would make start codes inside the slice.
        ArgumentOutOfRangeException.ThrowIfZero(fill);
        var data = new byte[6000];
        data[3] = 1;
        data[4] = 0x65; // IDR slice
        data.AsSpan(5).Fill(fill);
        for (var frame = 0L; !stop.IsCancellationRequested; frame++)
        {
            hub.Publish(AccessUnit.CopyOf(data, TimeProvider.System.GetTimestamp(), frame * 3000, isKeyframe: true, frame));
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

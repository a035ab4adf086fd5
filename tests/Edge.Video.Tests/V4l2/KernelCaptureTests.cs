using System.Diagnostics;
using Edge.Video.Sources.V4l2;
using Edge.Video.Tests.Support;
using Edge.Video.V4l2;
using Xunit.Abstractions;

namespace Edge.Video.Tests.V4l2;

/// <summary>
/// The capture source against the kernel's vivid driver, inside the emulated board
/// (tests/EmulatedBoard/scenarios/v4l2-capture.sh). Skipped elsewhere.
/// </summary>
[Trait("Category", "Kernel")]
[Collection("Kernel")] // one device, one test at a time
public class KernelCaptureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);

    [KernelFact(Kernel.CaptureVariable)]
    public void Vivid_is_described_with_its_formats_sizes_and_rates()
    {
        var description = V4l2CaptureSource.Describe(Kernel.CaptureDevice, 640, 360);
        Kernel.Report(output, $"describe: {description.Path} ({description.Card}, {description.Driver}) " +
            $"{(description.IsMultiPlanar ? "multi-planar" : "single-planar")}, {description.Formats.Count} formats");
        var yuyv = Assert.Single(description.Formats, f => f.PixelFormat == FourCC.Yuyv);
        Assert.Contains(yuyv.Sizes, s => s.Size.IsDiscrete && s.Size.MinWidth == 640 && s.Size.MinHeight == 360 && s.Intervals.Count > 0);
        Assert.Contains(description.Formats, f => f.PixelFormat == FourCC.Nv12);
        Assert.Equal(Environment.GetEnvironmentVariable("EDGE_V4L2_EXPECT_MPLANE") == "1", description.IsMultiPlanar);
    }

    [KernelFact(Kernel.CaptureVariable)]
    public async Task Captures_frames_of_the_requested_size_at_the_requested_rate()
    {
        // Under software emulation vivid cannot draw large pictures at 30 fps and skips frames
        // itself (its sequence numbers jump); the scenario lowers the delivered-rate bound then.
        var minimum = double.Parse(Environment.GetEnvironmentVariable("EDGE_V4L2_MIN_FPS") ?? "24", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (width, height) in new[] { (320, 180), (640, 360) })
        {
            const int Frames = 60;
            var options = new V4l2CaptureOptions
            {
                Device = Kernel.CaptureDevice, Width = width, Height = height, FramesPerSecond = 30, Format = V4l2CaptureFormat.Yuyv, ConfigKey = "camera.vivid",
            };
            using var source = V4l2CaptureSource.Open(options, new ListLogger());
            Assert.Equal($"YUYV {width}x{height}@30", source.Mode.ToString());
            Assert.Equal(30, source.FramesPerSecond, 0.01);
            Assert.False(source.ProducesAccessUnits);

            // Arrays sized up front: the callback must not allocate, so the allocation count
            // between frame 20 and the last is the capture loop's own.
            var timestamps = new long[Frames];
            var numbers = new long[Frames];
            var count = 0;
            var wrongSize = 0;
            long allocatedAt20 = 0;
            long allocatedAtEnd = 0;
            using var cancel = new CancellationTokenSource(Safety);
            await source.RunFramesAsync(frame =>
            {
                using (frame)
                {
                    if (frame.Width != width || frame.Height != height)
                        wrongSize++;
                    timestamps[count] = frame.CaptureTimestamp;
                    numbers[count] = frame.FrameNumber;
                    if (++count == 20)
                        allocatedAt20 = GC.GetAllocatedBytesForCurrentThread();
                    if (count == Frames)
                    {
                        allocatedAtEnd = GC.GetAllocatedBytesForCurrentThread();
                        cancel.Cancel();
                    }
                }
            }, cancel.Token);

            Assert.Equal(Frames, count);
            Assert.Equal(0, wrongSize);
            var allocated = allocatedAtEnd - allocatedAt20;
            var seconds = (double)(timestamps[^1] - timestamps[0]) / Stopwatch.Frequency;
            var delivered = (Frames - 1) / seconds;
            var paced = (numbers[^1] - numbers[0]) / seconds; // vivid's own clock, drops included
            Kernel.Report(output, $"capture: {Frames} frames YUYV {width}x{height} in {Kernel.Rate(seconds)} s: {Kernel.Rate(delivered)} fps delivered, " +
                $"vivid paced {Kernel.Rate(paced)} fps (asked 30; sequence {numbers[0]}..{numbers[^1]}), Edge dropped {source.FramesDropped}, corrupt {source.BuffersCorrupted}, " +
                $"{allocated} bytes allocated by the capture thread over the last {Frames - 20} frames");
            Assert.All(timestamps.Zip(timestamps.Skip(1)), pair => Assert.True(pair.Second > pair.First, "timestamps must increase"));
            Assert.All(numbers.Zip(numbers.Skip(1)), pair => Assert.True(pair.Second >= pair.First, "frame numbers must not go back"));
            // S_PARM took: the driver runs at 30 fps. A starved emulated guest makes vivid jump its
            // sequence to catch up, so the bound is loose there.
            if (minimum >= 24)
                Assert.InRange(paced, 24, 36);
            else
                Assert.InRange(paced, 15, 60);
            Assert.InRange(delivered, Math.Min(minimum, 24), 36);
            if (width == 320)
                Assert.True(delivered >= minimum, $"{delivered:0.0} fps delivered at 320x180, expected at least {minimum}");
            Assert.Equal(0, source.FramesDropped);
            Assert.True(allocated < 1024, $"the capture loop allocated {allocated} bytes in {Frames - 20} frames");
            Assert.InRange(Stopwatch.GetTimestamp() - timestamps[^1], 0, 5 * Stopwatch.Frequency); // driver time is our monotonic clock
        }
    }

    [KernelFact(Kernel.CaptureVariable)]
    public async Task Auto_picks_a_raw_format_and_every_raw_format_converts_to_the_same_picture()
    {
        var auto = V4l2CaptureSource.Open(new V4l2CaptureOptions { Device = Kernel.CaptureDevice, Width = 640, Height = 360, FramesPerSecond = 30 });
        var chosen = auto.Mode;
        auto.Dispose();
        Kernel.Report(output, $"auto: chose {chosen}");
        Assert.Equal(FourCC.Yu12, chosen.PixelFormat);

        // A flat colour in every format must come out as the same I420 (within rounding).
        Kernel.SetControl(Kernel.CaptureDevice, "Test Pattern", 7); // 100% Red
        try
        {
            var results = new List<(string Format, double Y, double U, double V)>();
            foreach (var format in new[] { V4l2CaptureFormat.Yuyv, V4l2CaptureFormat.Nv12, V4l2CaptureFormat.Yu12 })
            {
                var (y, u, v) = await CaptureMeans(format);
                results.Add((format.ToString(), y, u, v));
            }

            Kernel.Report(output, "convert: 100% red as " + string.Join(", ", results.Select(r => $"{r.Format} Y={Kernel.Rate(r.Y)} U={Kernel.Rate(r.U)} V={Kernel.Rate(r.V)}")));
            foreach (var r in results)
            {
                Assert.InRange(r.Y, results[0].Y - 2, results[0].Y + 2);
                Assert.InRange(r.U, results[0].U - 2, results[0].U + 2);
                Assert.InRange(r.V, results[0].V - 2, results[0].V + 2);
                Assert.True(r.V > 200 && r.U < 128, $"{r.Format}: red must have high Cr and low Cb (Y={r.Y} U={r.U} V={r.V})");
            }
        }
        finally
        {
            Kernel.SetControl(Kernel.CaptureDevice, "Test Pattern", 0);
        }
    }

    [KernelFact(Kernel.CaptureVariable)]
    public async Task A_camera_that_stops_delivering_fails_with_a_timeout()
    {
        Kernel.SetControl(Kernel.CaptureDevice, "Percentage of Dropped Buffers", 100);
        try
        {
            using var source = V4l2CaptureSource.Open(new V4l2CaptureOptions
            {
                Device = Kernel.CaptureDevice, Width = 320, Height = 180, FramesPerSecond = 30, FrameTimeout = TimeSpan.FromSeconds(1),
            });
            using var cancel = new CancellationTokenSource(Safety);
            var started = Stopwatch.GetTimestamp();
            var error = await Assert.ThrowsAsync<CameraTimeoutException>(() => source.RunFramesAsync(frame => frame.Dispose(), cancel.Token));
            var waited = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Kernel.Report(output, $"timeout: with every buffer dropped the run failed after {Kernel.Rate(waited)} s: {error.Message}");
            Assert.InRange(waited, 1, 10);
            Assert.StartsWith($"{Kernel.CaptureDevice}: no frame for 1", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Kernel.SetControl(Kernel.CaptureDevice, "Percentage of Dropped Buffers", 0);
        }
    }

    [KernelFact(Kernel.CaptureVariable)]
    public void A_mode_vivid_lacks_fails_with_what_it_offers()
    {
        var options = new V4l2CaptureOptions
        {
            Device = Kernel.CaptureDevice, Width = 640, Height = 480, FramesPerSecond = 30, Format = V4l2CaptureFormat.Yuyv, ConfigKey = "camera.vivid",
        };
        var error = Assert.Throws<CameraFormatException>(() => V4l2CaptureSource.Open(options));
        Kernel.Report(output, $"negotiation error: {error.Message}");
        Assert.StartsWith($"{Kernel.CaptureDevice} cannot capture 640x480 YUYV at 30 fps; it offers: YUYV/", error.Message, StringComparison.Ordinal);
        Assert.Contains("NV12", error.Message, StringComparison.Ordinal);
        Assert.Contains(" 320x180@60,", error.Message, StringComparison.Ordinal);
        Assert.Contains(" 640x480@25,", error.Message, StringComparison.Ordinal);
        Assert.Contains("more, which Edge cannot use)", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("set camera.vivid.width/height/fps/format to one of these", error.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), Kernel.HeldBy(Kernel.CaptureDevice));
    }

    [KernelFact(Kernel.CaptureVariable)]
    public async Task Dispose_unmaps_and_closes_so_the_device_opens_again()
    {
        var options = new V4l2CaptureOptions { Device = Kernel.CaptureDevice, Width = 320, Height = 180, FramesPerSecond = 30 };
        for (var round = 1; round <= 3; round++)
        {
            var source = V4l2CaptureSource.Open(options);
            var held = Kernel.HeldBy(Kernel.CaptureDevice);
            Assert.Equal(1, held.Descriptors);
            Assert.True(held.Mappings >= 2, $"expected a mapping per buffer, saw {held.Mappings}");
            await CaptureSome(source, 5);
            source.Dispose();
            Assert.Equal((0, 0), Kernel.HeldBy(Kernel.CaptureDevice));
        }

        // Disposing while a run is going stops it first; so does disposing from the callback.
        var running = V4l2CaptureSource.Open(options);
        var seen = 0;
        var run = running.RunFramesAsync(frame => { frame.Dispose(); Interlocked.Increment(ref seen); }, CancellationToken.None);
        while (Volatile.Read(ref seen) < 3 && !run.IsCompleted)
            await Task.Delay(20);
        running.Dispose();
        Assert.True(run.IsCompleted);
        await run;
        Assert.Equal((0, 0), Kernel.HeldBy(Kernel.CaptureDevice));

        var self = V4l2CaptureSource.Open(options);
        var delivered = 0;
        await self.RunFramesAsync(frame =>
        {
            frame.Dispose();
            if (++delivered == 3)
                self.Dispose();
        }, CancellationToken.None).WaitAsync(Safety);
        Assert.Equal(3, delivered);
        Assert.Equal((0, 0), Kernel.HeldBy(Kernel.CaptureDevice));

        Kernel.Report(output, "teardown: 3 open/capture/dispose rounds, dispose during a run and from its callback: no descriptor or mapping left behind");
    }

    [KernelFact(Kernel.CaptureVariable)]
    public void Capture_buffers_export_as_dmabufs()
    {
        using var device = V4l2Device.Open(Kernel.CaptureDevice);
        var type = device.QueryCapability().Has(Videodev2.V4L2_CAP_VIDEO_CAPTURE)
            ? Videodev2.V4L2_BUF_TYPE_VIDEO_CAPTURE
            : Videodev2.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
        using var queue = V4l2BufferQueue.Allocate(device, type, 4);
        var exported = new List<Edge.Linux.IO.DeviceFile>();
        try
        {
            for (var i = 0; i < queue.Count; i++)
                exported.Add(device.ExportBuffer(type, i));
            Assert.All(exported, d => Assert.False(d.IsClosed));
            var targets = exported.Select(d => new FileInfo($"/proc/self/fd/{d.Handle.DangerousGetHandle()}").LinkTarget ?? "").ToList();
            Kernel.Report(output, $"expbuf: {exported.Count} buffers exported ({targets[0]})");
            Assert.All(targets, t => Assert.Contains("dmabuf", t, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var d in exported)
                d.Dispose();
        }
    }

    [KernelFact(Kernel.CaptureVariable, Kernel.ReloadVariable)]
    public async Task Disconnect_ends_the_run_cleanly_and_the_camera_reopens_after_the_driver_returns()
    {
        var name = Kernel.NodeName(Kernel.CaptureDevice);
        var source = V4l2CaptureSource.Open(new V4l2CaptureOptions { Device = Kernel.CaptureDevice, Width = 320, Height = 180, FramesPerSecond = 30 });
        var frames = 0;
        using var cancel = new CancellationTokenSource(Safety);
        var run = source.RunFramesAsync(frame =>
        {
            frame.Dispose();
            if (Interlocked.Increment(ref frames) == 5)
                ThreadPool.QueueUserWorkItem(_ => Kernel.SetControl(Kernel.CaptureDevice, "Disconnect", 1));
        }, cancel.Token);

        var pulled = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<CameraDisconnectedException>(() => run);
        Kernel.Report(output, $"disconnect: after {frames} frames the run ended in {Kernel.Rate(Stopwatch.GetElapsedTime(pulled).TotalSeconds)} s with: {error.Message}");
        Assert.Equal(Kernel.CaptureDevice, error.DevicePath);
        source.Dispose();
        Assert.Equal((0, 0), Kernel.HeldBy(Kernel.CaptureDevice));

        // Unloading vivid fails while anything still holds its device: the clean reload is the proof.
        var reload = Kernel.Shell(Environment.GetEnvironmentVariable(Kernel.ReloadVariable)!, TimeSpan.FromSeconds(60));
        Assert.True(reload.ExitCode == 0, $"reloading vivid failed ({reload.ExitCode}): {reload.Output}");
        var node = Kernel.FindNode(name, TimeSpan.FromSeconds(20));

        using var again = V4l2CaptureSource.Open(new V4l2CaptureOptions { Device = node, Width = 320, Height = 180, FramesPerSecond = 30 });
        var captured = await CaptureSome(again, 10);
        Kernel.Report(output, $"reconnect: vivid reloaded, {node} reopened, {captured} frames captured");
    }

    private async Task<(double Y, double U, double V)> CaptureMeans(V4l2CaptureFormat format)
    {
        using var source = V4l2CaptureSource.Open(new V4l2CaptureOptions { Device = Kernel.CaptureDevice, Width = 640, Height = 360, FramesPerSecond = 30, Format = format });
        (double, double, double) means = default;
        var seen = 0;
        using var cancel = new CancellationTokenSource(Safety);
        await source.RunFramesAsync(frame =>
        {
            using (frame)
            {
                // Skip the first frames: vivid may still show the previous pattern.
                if (++seen < 4)
                    return;
                means = (Mean(frame.PlaneY, frame.StrideY, 640, 360), Mean(frame.PlaneU, frame.StrideUV, 320, 180), Mean(frame.PlaneV, frame.StrideUV, 320, 180));
                cancel.Cancel();
            }
        }, cancel.Token);
        output.WriteLine($"{format}: {source.Mode}");
        return means;
    }

    // The centre quarter of a plane (clear of vivid's text overlay in the top rows).
    private static double Mean(Span<byte> plane, int stride, int width, int height)
    {
        long sum = 0;
        var count = 0;
        for (var row = height / 2; row < height * 3 / 4; row++)
        {
            for (var col = width / 4; col < width * 3 / 4; col++)
            {
                sum += plane[row * stride + col];
                count++;
            }
        }

        return (double)sum / count;
    }

    private static async Task<int> CaptureSome(V4l2CaptureSource source, int count)
    {
        var frames = 0;
        using var cancel = new CancellationTokenSource(Safety);
        await source.RunFramesAsync(frame =>
        {
            frame.Dispose();
            if (++frames == count)
                cancel.Cancel();
        }, cancel.Token);
        Assert.Equal(count, frames);
        return frames;
    }
}

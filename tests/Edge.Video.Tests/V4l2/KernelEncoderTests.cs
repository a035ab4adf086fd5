using System.Buffers.Binary;
using Edge.Video.Encoders;
using Edge.Video.Encoders.V4l2M2m;
using Edge.Video.Sources.TestPattern;
using Edge.Video.Sources.V4l2;
using Edge.Video.Tests.Support;
using Xunit.Abstractions;

namespace Edge.Video.Tests.V4l2;

/// <summary>
/// The memory-to-memory encoder against the kernel's vicodec (its stateful FWHT encoder stands
/// in for bcm2835-codec's H.264 one), inside the emulated board
/// (tests/EmulatedBoard/scenarios/v4l2-m2m.sh). Skipped elsewhere.
/// </summary>
[Trait("Category", "Kernel")]
[Collection("Kernel")]
public class KernelEncoderTests(ITestOutputHelper output)
{
    // struct fwht_cframe_hdr (drivers/media/test-drivers/vicodec/codec-fwht.h): 44 bytes, big-endian after the magic.
    private const int FwhtHeaderSize = 44;
    private const uint FwhtIFrame = 1u << 10; // V4L2_FWHT_FL_I_FRAME

    [KernelFact(Kernel.EncoderVariable)]
    public void The_probe_finds_vicodec_as_an_FWHT_encoder_and_no_H264_one()
    {
        Assert.True(V4l2M2mEncoderProbe.TryDescribe(Kernel.EncoderDevice, out var info, out var reason), reason);
        Kernel.Report(output, $"probe: {info.Path} {info.Driver}/{info.Card} {(info.IsMultiPlanar ? "multi-planar" : "single-planar")} " +
            $"coded {string.Join(",", info.CodedFormats)} raw {string.Join(",", info.RawFormats.Take(6))}…");
        Assert.Contains(FourCC.Fwht, info.CodedFormats);
        Assert.True(info.AcceptsEdgeFrames);
        Assert.Equal(Environment.GetEnvironmentVariable("EDGE_V4L2_EXPECT_MPLANE") == "1", info.IsMultiPlanar);

        var encoders = V4l2M2mEncoderProbe.FindEncoders(FourCC.Fwht);
        Assert.Equal(Kernel.EncoderDevice, Assert.Single(encoders).Path); // not vicodec's decoders
        Assert.Null(V4l2M2mEncoderProbe.FindH264Encoder());
    }

    [KernelFact(Kernel.EncoderVariable)]
    public void Vicodec_encodes_every_frame_and_carries_its_timestamp()
    {
        const int Frames = 40;
        var logger = new ListLogger();
        var units = new List<(long Timestamp, long Number, bool Key, byte[] Data)>();
        var settings = new VideoEncoderSettings { Width = 640, Height = 480, FramesPerSecond = 30, BitrateKbps = 1000, KeyframeIntervalSeconds = 0.5 };
        using (var encoder = V4l2M2mEncoder.Open(settings, unit =>
        {
            units.Add((unit.CaptureTimestamp, unit.FrameNumber, unit.IsKeyframe, unit.Data.ToArray()));
            unit.Release();
        }, new V4l2M2mEncoderOptions { Device = Kernel.EncoderDevice, CodedFormat = "FWHT" }, logger))
        {
            Assert.StartsWith("v4l2m2m:vicodec", encoder.Name, StringComparison.Ordinal);
            Assert.False(encoder.CanForceKeyframes);
            var pool = new VideoFramePool(640, 480, 2);
            var pattern = new TestPatternGenerator(640, 480);
            for (var i = 0; i < Frames; i++)
            {
                using var frame = pool.Rent();
                pattern.Render(frame);
                frame.FrameNumber = 1000 + i;
                frame.CaptureTimestamp = 5_000_000 + (i * 33_333);
                encoder.Encode(frame);
            }

            var beforeFlush = units.Count;
            encoder.Flush();
            Kernel.Report(output, $"m2m: {Frames} frames in, {units.Count} units out ({beforeFlush} before flush); encoder {encoder.Name}");
        }

        foreach (var line in logger.Lines)
            output.WriteLine(line);
        Assert.Equal(Frames, units.Count);
        var iFrames = 0;
        for (var i = 0; i < Frames; i++)
        {
            var (timestamp, number, key, data) = units[i];
            Assert.Equal(5_000_000 + (i * 33_333), timestamp);
            Assert.Equal(1000 + i, number);
            Assert.True(data.Length > FwhtHeaderSize);
            Assert.Equal(0x4f4f4f4fu, BinaryPrimitives.ReadUInt32LittleEndian(data));
            Assert.Equal(0xffffffffu, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4)));
            Assert.Equal(640u, BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(12)));
            Assert.Equal(480u, BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(16)));
            Assert.Equal((uint)(data.Length - FwhtHeaderSize), BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(40)));
            if ((BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(20)) & FwhtIFrame) != 0)
                iFrames++;
            _ = key;
        }

        // GOP 15 asked (0.5 s at 30 fps); vicodec allows 1..16, so 15 stands: I-frames at 0, 15, 30.
        Kernel.Report(output, $"m2m: {iFrames} I-frames in {Frames} (GOP 15), FWHT headers 640x480, timestamps and frame numbers carried");
        Assert.Equal(3, iFrames);
        Assert.True((BinaryPrimitives.ReadUInt32BigEndian(units[0].Data.AsSpan(20)) & FwhtIFrame) != 0, "the first frame is an I-frame");
        Assert.Contains(logger.Lines, l => l.Contains("control bitrate=1000000 skipped: not supported", StringComparison.Ordinal));
    }

    [KernelFact(Kernel.EncoderVariable)]
    public void A_GOP_beyond_the_driver_range_is_clamped_and_logged_not_fatal()
    {
        var logger = new ListLogger();
        var settings = new VideoEncoderSettings { Width = 640, Height = 360, FramesPerSecond = 30, KeyframeIntervalSeconds = 2 };
        using var encoder = V4l2M2mEncoder.Open(settings, unit => unit.Release(), new V4l2M2mEncoderOptions { Device = Kernel.EncoderDevice, CodedFormat = "FWHT" }, logger);
        var clamped = Assert.Single(logger.Lines, l => l.Contains("GOP size set to 16 instead of 60", StringComparison.Ordinal));
        Kernel.Report(output, $"m2m controls: {clamped}");
    }

    [KernelFact(Kernel.EncoderVariable)]
    public void Asking_for_H264_from_vicodec_says_what_it_offers()
    {
        var settings = new VideoEncoderSettings { Width = 640, Height = 480, FramesPerSecond = 30 };
        var error = Assert.Throws<V4l2EncoderException>(() => V4l2M2mEncoder.Open(settings, unit => unit.Release(), new V4l2M2mEncoderOptions { Device = Kernel.EncoderDevice }));
        Kernel.Report(output, $"m2m error: {error.Message}");
        Assert.Equal($"{Kernel.EncoderDevice} (vicodec) does not encode H264; its CAPTURE side offers FWHT", error.Message);
        Assert.Equal((0, 0), Kernel.HeldBy(Kernel.EncoderDevice));
    }

    [KernelFact(Kernel.EncoderVariable)]
    public void Nv12_input_and_repeated_open_close_leave_nothing_behind()
    {
        long allocated = 0;
        for (var round = 0; round < 3; round++)
        {
            var settings = new VideoEncoderSettings { Width = 640, Height = 360, FramesPerSecond = 30 };
            var count = 0;
            using (var encoder = V4l2M2mEncoder.Open(settings, unit => { count++; unit.Release(); },
                new V4l2M2mEncoderOptions { Device = Kernel.EncoderDevice, CodedFormat = "FWHT", InputFormat = "NV12", OutputBuffers = 2, CaptureBuffers = 2 }))
            {
                var pool = new VideoFramePool(640, 360, 1);
                long allocatedAt5 = 0;
                for (var i = 0; i < 20; i++)
                {
                    if (i == 5)
                        allocatedAt5 = GC.GetAllocatedBytesForCurrentThread();
                    using var frame = pool.Rent();
                    frame.PlaneY.Fill((byte)(16 + i));
                    frame.PlaneU.Fill(128);
                    frame.PlaneV.Fill(128);
                    encoder.Encode(frame);
                }

                allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedAt5;
                encoder.Flush();
            }

            Assert.Equal(20, count);
            Assert.Equal((0, 0), Kernel.HeldBy(Kernel.EncoderDevice));
        }

        Kernel.Report(output, $"m2m teardown: 3 NV12 open/encode/flush/dispose rounds, nothing left behind; Encode allocated {allocated} bytes over 15 frames");
        Assert.True(allocated < 15 * 64, $"Encode allocated {allocated} bytes over 15 frames");
    }

    [KernelFact(Kernel.EncoderVariable, Kernel.CaptureVariable)]
    public async Task Vivid_frames_go_through_vicodec()
    {
        const int Frames = 30;
        var units = 0;
        var settings = new VideoEncoderSettings { Width = 640, Height = 360, FramesPerSecond = 30 };
        using var encoder = V4l2M2mEncoder.Open(settings, unit => { units++; unit.Release(); }, new V4l2M2mEncoderOptions { Device = Kernel.EncoderDevice, CodedFormat = "FWHT" });
        using var source = V4l2CaptureSource.Open(new V4l2CaptureOptions { Device = Kernel.CaptureDevice, Width = 640, Height = 360, FramesPerSecond = 30 });
        var frames = 0;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await source.RunFramesAsync(frame =>
        {
            using (frame)
                encoder.Encode(frame);
            if (++frames == Frames)
                cancel.Cancel();
        }, cancel.Token);
        encoder.Flush();
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        Kernel.Report(output, $"pipeline: vivid {source.Mode} -> vicodec FWHT: {frames} frames, {units} units in {Kernel.Rate(seconds)} s ({Kernel.Rate(frames / seconds)} fps)");
        Assert.Equal(Frames, units);
    }
}

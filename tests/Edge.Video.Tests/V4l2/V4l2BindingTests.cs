using System.Buffers.Binary;
using Edge.Video.Encoders;
using Edge.Video.Encoders.V4l2M2m;
using Edge.Video.Sources.V4l2;
using Edge.Video.V4l2;

namespace Edge.Video.Tests.V4l2;

/// <summary>The pieces of the V4L2 binding that need no device: byte views, bookkeeping, choices, errors.</summary>
public class V4l2BindingTests
{
    [Fact]
    public void The_buffer_view_writes_the_armhf_time64_layout_byte_for_byte()
    {
        var bytes = new byte[88];
        var buffer = new v4l2_buffer(bytes, V4l2Abi.ArmhfTime64);
        buffer.index = 3;
        buffer.type = Videodev2.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
        buffer.memory = Videodev2.V4L2_MEMORY_MMAP;
        buffer.timestamp_tv_sec = 0x1_0000_0002; // needs 64 bits: time64
        buffer.timestamp_tv_usec = 999_999;
        buffer.m_planes = 0x1234_5678;
        buffer.length = 1;

        Assert.Equal(80, buffer.Bytes.Length);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(0)));
        Assert.Equal(0x1_0000_0002L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(999_999L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(32)));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(60)));
        Assert.Equal(0x1234_5678u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(64))); // 4-byte pointer
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(68)));
        Assert.All(bytes.AsSpan(80).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void The_buffer_view_writes_the_time32_and_64_bit_layouts_too()
    {
        var bytes32 = new byte[88];
        var old = new v4l2_buffer(bytes32, V4l2Abi.ArmhfTime32);
        old.timestamp_tv_sec = 7;
        old.timestamp_tv_usec = 8;
        old.length = 9;
        Assert.Equal(7, BinaryPrimitives.ReadInt32LittleEndian(bytes32.AsSpan(20)));
        Assert.Equal(8, BinaryPrimitives.ReadInt32LittleEndian(bytes32.AsSpan(24)));
        Assert.Equal(9u, BinaryPrimitives.ReadUInt32LittleEndian(bytes32.AsSpan(56)));
        Assert.Throws<OverflowException>(() => { var b = new v4l2_buffer(bytes32, V4l2Abi.ArmhfTime32); b.timestamp_tv_sec = 1L << 33; });

        var bytes64 = new byte[88];
        var lp64 = new v4l2_buffer(bytes64, V4l2Abi.X86_64);
        lp64.m_planes = unchecked((nint)0x7FFF_1234_5678_9ABC);
        lp64.length = 1;
        Assert.Equal(0x7FFF_1234_5678_9ABCL, BinaryPrimitives.ReadInt64LittleEndian(bytes64.AsSpan(64)));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes64.AsSpan(72)));
    }

    [Fact]
    public void Plane_format_and_control_views_follow_each_table()
    {
        var planes = new byte[128];
        var plane = new v4l2_plane(planes, 1, V4l2Abi.ArmhfTime64);
        plane.bytesused = 5;
        plane.m_mem_offset = 6;
        plane.data_offset = 7;
        Assert.Equal(5u, BinaryPrimitives.ReadUInt32LittleEndian(planes.AsSpan(60)));
        Assert.Equal(6u, BinaryPrimitives.ReadUInt32LittleEndian(planes.AsSpan(68)));
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(planes.AsSpan(72)));

        var formatBytes = new byte[v4l2_format.MaxSize];
        var format = new v4l2_format(formatBytes, V4l2Abi.ArmhfTime32);
        format.pix.width = 640;
        Assert.Equal(640u, BinaryPrimitives.ReadUInt32LittleEndian(formatBytes.AsSpan(4)));
        format = new v4l2_format(formatBytes, V4l2Abi.Arm64);
        format.pix_mp.height = 480;
        Assert.Equal(480u, BinaryPrimitives.ReadUInt32LittleEndian(formatBytes.AsSpan(12)));

        var controlBytes = new byte[v4l2_ext_controls.MaxSize];
        var controls = new v4l2_ext_controls(controlBytes, V4l2Abi.ArmhfTime64);
        controls.count = 1;
        controls.controls = 0x0BAD_F00D;
        Assert.Equal(24, controls.Bytes.Length);
        Assert.Equal(0x0BAD_F00Du, BinaryPrimitives.ReadUInt32LittleEndian(controlBytes.AsSpan(20)));
    }

    [Fact]
    public void A_dmabuf_descriptor_and_length_land_where_each_layout_keeps_them()
    {
        // Single-planar: m.fd in the union (after the 32- or 64-bit timeval), length after it.
        foreach (var (abi, m, length) in new[] { (V4l2Abi.X86_64, 64, 72), (V4l2Abi.ArmhfTime64, 64, 68), (V4l2Abi.ArmhfTime32, 52, 56) })
        {
            var bytes = new byte[88];
            var buffer = new v4l2_buffer(bytes, abi);
            buffer.memory = Videodev2.V4L2_MEMORY_DMABUF;
            buffer.m_fd = 37;
            buffer.length = 614_400;
            Assert.Equal(37, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(m)));
            Assert.Equal(614_400u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(length)));
            Assert.Equal(37, buffer.m_fd);
        }

        // Multi-planar: plane 0's m.fd at 8 on every ABI (the union is a long, so what follows moves).
        foreach (var abi in new[] { V4l2Abi.Arm64, V4l2Abi.ArmhfTime64 })
        {
            var planes = new byte[128];
            var plane = new v4l2_plane(planes, 0, abi);
            plane.m_fd = 41;
            plane.length = 460_800;
            plane.bytesused = 460_800;
            Assert.Equal(41, BinaryPrimitives.ReadInt32LittleEndian(planes.AsSpan(8)));
            Assert.Equal(460_800u, BinaryPrimitives.ReadUInt32LittleEndian(planes.AsSpan(4)));
            Assert.Equal(460_800u, BinaryPrimitives.ReadUInt32LittleEndian(planes.AsSpan(0)));
            Assert.All(planes.AsSpan(12, abi.Plane.Size - 12).ToArray(), b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void Buffer_states_catch_double_queueing_and_unknown_dequeues()
    {
        var states = new V4l2BufferStates(3);
        Assert.Equal(0, states.FirstFree());
        states.MarkQueued(0);
        states.MarkQueued(1);
        Assert.Equal(2, states.QueuedCount);
        Assert.Equal(2, states.FirstFree());
        Assert.Throws<InvalidOperationException>(() => states.MarkQueued(1));
        Assert.Throws<InvalidOperationException>(() => states.MarkDequeued(2));
        Assert.Throws<InvalidOperationException>(() => states.MarkQueued(3));
        states.MarkQueued(2);
        Assert.Equal(-1, states.FirstFree());
        states.MarkDequeued(1);
        Assert.Equal(1, states.FirstFree());
        states.ReturnAll();
        Assert.Equal(0, states.QueuedCount);
        Assert.False(states.IsQueued(0));
    }

    [Fact]
    public void Timestamp_cookies_match_exactly_or_fall_back_to_input_order()
    {
        var cookies = new TimestampCookies(4);
        var a = cookies.Issue(100, 1);
        var b = cookies.Issue(200, 2);
        var c = cookies.Issue(300, 3);
        Assert.NotEqual(0, a);

        Assert.True(cookies.TryMatch(b, out var ts, out var n, out var exact));
        Assert.True(exact);
        Assert.Equal((200, 2), (ts, n));

        // The driver lost the timestamp: the oldest unmatched frame (a was skipped over by b).
        Assert.True(cookies.TryMatch(0, out ts, out n, out exact));
        Assert.False(exact);
        Assert.Equal((300, 3), (ts, n));
        Assert.False(cookies.TryMatch(c, out _, out _, out _));

        // A full ring forgets the oldest.
        for (var i = 0; i < 6; i++)
            cookies.Issue(1000 + i, 10 + i);
        Assert.Equal(4, cookies.Pending);
    }

    [Theory]
    [InlineData(640, 480, 30, 1000, "3.0")]
    [InlineData(1280, 720, 30, 2500, "3.1")]
    [InlineData(1280, 720, 60, 2500, "3.2")]
    [InlineData(1920, 1080, 30, 2500, "4.0")]
    [InlineData(1920, 1080, 30, 25_000, "4.1")]
    [InlineData(1920, 1080, 60, 8000, "4.2")]
    [InlineData(3840, 2160, 30, 20_000, "5.1")]
    public void H264_level_is_the_lowest_that_holds_the_stream(int width, int height, int fps, int kbps, string level) =>
        Assert.Equal(level, H264Level.Name(H264Level.Choose(width, height, fps, kbps)));

    [Fact]
    public void Opening_a_missing_camera_says_it_is_gone()
    {
        var options = new V4l2CaptureOptions { Device = "/dev/video-edge-missing", Width = 640, Height = 480, FramesPerSecond = 30 };
        var error = Assert.Throws<CameraDisconnectedException>(() => V4l2CaptureSource.Open(options));
        Assert.Equal("/dev/video-edge-missing", error.DevicePath);
        Assert.Contains("/dev/video-edge-missing is gone", error.Message, StringComparison.Ordinal);
        Assert.Contains("ENOENT", error.Message, StringComparison.Ordinal);
        Assert.Contains("is the camera connected?", error.Message, StringComparison.Ordinal);
        Assert.Throws<CameraDisconnectedException>(() => V4l2CaptureSource.Describe("/dev/video-edge-missing"));
    }

    [Fact]
    public void A_file_that_is_not_a_video_node_is_refused_clearly()
    {
        // /dev/null opens, but VIDIOC_QUERYCAP fails with ENOTTY.
        var options = new V4l2CaptureOptions { Device = "/dev/null", Width = 640, Height = 480, FramesPerSecond = 30 };
        var error = Assert.ThrowsAny<IOException>(() => V4l2CaptureSource.Open(options));
        Assert.Contains("/dev/null: VIDIOC_QUERYCAP", error.Message, StringComparison.Ordinal);
        Assert.Contains("ENOTTY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_a_missing_encoder_names_the_device()
    {
        var settings = new VideoEncoderSettings { Width = 640, Height = 480, FramesPerSecond = 30 };
        var error = Assert.Throws<V4l2EncoderException>(() =>
            V4l2M2mEncoder.Open(settings, unit => unit.Release(), new V4l2M2mEncoderOptions { Device = "/dev/video-edge-missing" }));
        Assert.Equal("/dev/video-edge-missing", error.DevicePath);
        Assert.StartsWith("/dev/video-edge-missing: cannot open the hardware encoder", error.Message, StringComparison.Ordinal);

        Assert.False(V4l2M2mEncoderProbe.TryDescribe("/dev/video-edge-missing", out _, out var reason));
        Assert.Contains("ENOENT", reason, StringComparison.Ordinal);
        Assert.False(V4l2M2mEncoderProbe.TryDescribe("/dev/null", out _, out _));
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new V4l2CaptureOptions { Width = 641, Height = 480, FramesPerSecond = 30 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new V4l2CaptureOptions { Width = 640, Height = 480, FramesPerSecond = 30, BufferCount = 1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new V4l2M2mEncoderOptions { OutputBuffers = 0 }.Validate());
        new V4l2M2mEncoderOptions().Validate();
    }
}

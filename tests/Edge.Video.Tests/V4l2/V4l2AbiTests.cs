using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edge.Tests.Shared;
using Edge.Video.V4l2;

namespace Edge.Video.Tests.V4l2;

/// <summary>
/// Every V4L2 struct, field offset, ioctl number and constant Edge uses, against the kernel
/// headers compiled for x86_64, arm64, armhf time32 and armhf time64. The per-ABI tables are
/// checked for every ABI (they are data, so the armhf tables are checked here on x86_64); the
/// fixed-layout C# structs are checked against all four (one layout must fit every ABI).
/// </summary>
public class V4l2AbiTests
{
    private static readonly string[] Headers = ["linux/videodev2.h", "fcntl.h"];

    public static TheoryData<CAbi> AllAbis => CAbiProbe.AllAbis;

    internal static V4l2Abi TableFor(CAbi abi) => abi switch
    {
        CAbi.X86_64 => V4l2Abi.X86_64,
        CAbi.Arm64 => V4l2Abi.Arm64,
        CAbi.ArmhfTime32 => V4l2Abi.ArmhfTime32,
        _ => V4l2Abi.ArmhfTime64,
    };

    [Theory]
    [MemberData(nameof(AllAbis))]
    public void Layout_tables_match_the_headers(CAbi abi)
    {
        var table = TableFor(abi);
        var b = table.Buffer;
        var p = table.Plane;
        var x = table.ExtControls;
        var e = table.Event;
        (string C, long Expected)[] facts =
        [
            ("sizeof(void *)", table.PointerSize),
            ("sizeof(long)", table.PointerSize),

            ("sizeof(struct v4l2_format)", table.Format.Size),
            ("offsetof(struct v4l2_format, type)", 0),
            ("offsetof(struct v4l2_format, fmt)", table.Format.Fmt),
            ("offsetof(struct v4l2_format, fmt.pix)", table.Format.Fmt),
            ("offsetof(struct v4l2_format, fmt.pix_mp)", table.Format.Fmt),

            ("sizeof(struct v4l2_buffer)", b.Size),
            ("offsetof(struct v4l2_buffer, index)", b.Index),
            ("offsetof(struct v4l2_buffer, type)", b.Type),
            ("offsetof(struct v4l2_buffer, bytesused)", b.BytesUsed),
            ("offsetof(struct v4l2_buffer, flags)", b.Flags),
            ("offsetof(struct v4l2_buffer, field)", b.Field),
            ("offsetof(struct v4l2_buffer, timestamp)", b.Timestamp),
            ("offsetof(struct v4l2_buffer, timestamp.tv_sec)", b.Timestamp),
            ("offsetof(struct v4l2_buffer, timestamp.tv_usec)", b.TimestampMicroseconds),
            ("sizeof(((struct v4l2_buffer *)0)->timestamp.tv_sec)", b.TimevalFieldSize),
            ("sizeof(((struct v4l2_buffer *)0)->timestamp.tv_usec)", b.TimevalFieldSize),
            ("offsetof(struct v4l2_buffer, timecode)", b.Timecode),
            ("offsetof(struct v4l2_buffer, sequence)", b.Sequence),
            ("offsetof(struct v4l2_buffer, memory)", b.Memory),
            ("offsetof(struct v4l2_buffer, m)", b.M),
            ("offsetof(struct v4l2_buffer, m.offset)", b.M),
            ("offsetof(struct v4l2_buffer, m.userptr)", b.M),
            ("offsetof(struct v4l2_buffer, m.planes)", b.M),
            ("offsetof(struct v4l2_buffer, m.fd)", b.M),
            ("sizeof(((struct v4l2_buffer *)0)->m.planes)", table.PointerSize),
            ("sizeof(((struct v4l2_buffer *)0)->m.userptr)", table.PointerSize),
            ("offsetof(struct v4l2_buffer, length)", b.Length),
            ("offsetof(struct v4l2_buffer, reserved2)", b.Reserved2),
            ("offsetof(struct v4l2_buffer, request_fd)", b.RequestFd),

            ("sizeof(struct v4l2_plane)", p.Size),
            ("offsetof(struct v4l2_plane, bytesused)", p.BytesUsed),
            ("offsetof(struct v4l2_plane, length)", p.Length),
            ("offsetof(struct v4l2_plane, m)", p.M),
            ("offsetof(struct v4l2_plane, m.mem_offset)", p.M),
            ("offsetof(struct v4l2_plane, m.userptr)", p.M),
            ("offsetof(struct v4l2_plane, m.fd)", p.M),
            ("offsetof(struct v4l2_plane, data_offset)", p.DataOffset),
            ("offsetof(struct v4l2_plane, reserved)", p.Reserved),

            ("sizeof(struct v4l2_ext_controls)", x.Size),
            ("offsetof(struct v4l2_ext_controls, which)", x.Which),
            ("offsetof(struct v4l2_ext_controls, ctrl_class)", x.Which),
            ("offsetof(struct v4l2_ext_controls, count)", x.Count),
            ("offsetof(struct v4l2_ext_controls, error_idx)", x.ErrorIndex),
            ("offsetof(struct v4l2_ext_controls, request_fd)", x.RequestFd),
            ("offsetof(struct v4l2_ext_controls, reserved)", x.Reserved),
            ("offsetof(struct v4l2_ext_controls, controls)", x.Controls),
            ("sizeof(((struct v4l2_ext_controls *)0)->controls)", table.PointerSize),

            ("sizeof(struct v4l2_event)", e.Size),
            ("offsetof(struct v4l2_event, type)", e.Type),
            ("offsetof(struct v4l2_event, u)", e.U),
            ("offsetof(struct v4l2_event, pending)", e.Pending),
            ("offsetof(struct v4l2_event, sequence)", e.Sequence),
            ("offsetof(struct v4l2_event, timestamp)", e.Timestamp),
            ("sizeof(((struct v4l2_event *)0)->timestamp.tv_sec)", e.TimespecSecondsSize),
            ("offsetof(struct v4l2_event, timestamp.tv_nsec)", e.TimestampNanoseconds),
            ("sizeof(((struct v4l2_event *)0)->timestamp.tv_nsec)", e.TimespecNanosecondsSize),
            ("offsetof(struct v4l2_event, id)", e.Id),
            ("offsetof(struct v4l2_event, reserved)", e.Reserved),
        ];
        AssertFacts(abi, facts);
    }

    [Theory]
    [MemberData(nameof(AllAbis))]
    public void Fixed_structs_match_the_headers_on_every_abi(CAbi abi) => AssertFacts(abi, FixedStructFacts());

    [Theory]
    [MemberData(nameof(AllAbis))]
    public void Ioctl_numbers_match_the_headers(CAbi abi)
    {
        var requests = TableFor(abi).Requests.All().ToList();
        AssertFacts(abi, [.. requests.Select(r => (r.Name, (long)r.Value))]);
    }

    [Theory]
    [MemberData(nameof(AllAbis))]
    public void Constants_match_the_headers(CAbi abi)
    {
        var constants = typeof(Videodev2).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (f.Name, Value: Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture) & 0xFFFF_FFFF))
            .ToList();
        Assert.True(constants.Count > 50);
        AssertFacts(abi, [.. constants]);
    }

    [Fact]
    public void Edge_uses_the_time64_layout_on_32_bit_arm_and_the_LP64_layout_elsewhere()
    {
        Assert.Same(V4l2Abi.X86_64, V4l2Abi.ForArchitecture(Architecture.X64, 8));
        Assert.Same(V4l2Abi.Arm64, V4l2Abi.ForArchitecture(Architecture.Arm64, 8));
        Assert.Same(V4l2Abi.ArmhfTime64, V4l2Abi.ForArchitecture(Architecture.Arm, 4));
        Assert.Null(V4l2Abi.ForArchitecture(Architecture.X86, 4));
        Assert.Null(V4l2Abi.ForArchitecture(Architecture.RiscV64, 8));

        // The numbers that identify the chosen armhf layout to the kernel.
        Assert.Equal(0xc050560fu, V4l2Abi.ArmhfTime64.Requests.VIDIOC_QBUF);
        Assert.Equal(0xc0505611u, V4l2Abi.ArmhfTime64.Requests.VIDIOC_DQBUF);
        Assert.Equal(0x80885659u, V4l2Abi.ArmhfTime64.Requests.VIDIOC_DQEVENT);
        Assert.Equal(0xc044560fu, V4l2Abi.ArmhfTime32.Requests.VIDIOC_QBUF);
    }

    [Fact]
    public void The_startup_check_passes_here_and_names_the_table()
    {
        Assert.True(V4l2AbiCheck.TryVerify(out var problem), problem);
        Assert.Equal(RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "arm64" : "x86_64", V4l2AbiCheck.AbiName);
        foreach (var (name, actual, expected) in V4l2Abi.FixedSizes())
            Assert.True(actual == expected, $"{name}: {actual} != {expected}");
    }

    // Every field of every fixed-layout struct: the C# offset and size must be what C says.
    private static (string C, long Expected)[] FixedStructFacts() =>
    [
        ("sizeof(struct v4l2_capability)", Unsafe.SizeOf<v4l2_capability>()),
        Off<v4l2_capability>("v4l2_capability", "driver"),
        Off<v4l2_capability>("v4l2_capability", "card"),
        Off<v4l2_capability>("v4l2_capability", "bus_info"),
        Off<v4l2_capability>("v4l2_capability", "version"),
        Off<v4l2_capability>("v4l2_capability", "capabilities"),
        Off<v4l2_capability>("v4l2_capability", "device_caps"),
        Off<v4l2_capability>("v4l2_capability", "reserved"),

        ("sizeof(struct v4l2_fmtdesc)", Unsafe.SizeOf<v4l2_fmtdesc>()),
        Off<v4l2_fmtdesc>("v4l2_fmtdesc", "index"),
        Off<v4l2_fmtdesc>("v4l2_fmtdesc", "type"),
        Off<v4l2_fmtdesc>("v4l2_fmtdesc", "flags"),
        Off<v4l2_fmtdesc>("v4l2_fmtdesc", "description"),
        Off<v4l2_fmtdesc>("v4l2_fmtdesc", "pixelformat"),
        Off<v4l2_fmtdesc>("v4l2_fmtdesc", "mbus_code"),
        Off<v4l2_fmtdesc>("v4l2_fmtdesc", "reserved"),

        ("sizeof(struct v4l2_pix_format)", Unsafe.SizeOf<v4l2_pix_format>()),
        Off<v4l2_pix_format>("v4l2_pix_format", "width"),
        Off<v4l2_pix_format>("v4l2_pix_format", "height"),
        Off<v4l2_pix_format>("v4l2_pix_format", "pixelformat"),
        Off<v4l2_pix_format>("v4l2_pix_format", "field"),
        Off<v4l2_pix_format>("v4l2_pix_format", "bytesperline"),
        Off<v4l2_pix_format>("v4l2_pix_format", "sizeimage"),
        Off<v4l2_pix_format>("v4l2_pix_format", "colorspace"),
        Off<v4l2_pix_format>("v4l2_pix_format", "priv"),
        Off<v4l2_pix_format>("v4l2_pix_format", "flags"),
        Off<v4l2_pix_format>("v4l2_pix_format", "ycbcr_enc"),
        Off<v4l2_pix_format>("v4l2_pix_format", "quantization"),
        Off<v4l2_pix_format>("v4l2_pix_format", "xfer_func"),

        ("sizeof(struct v4l2_plane_pix_format)", Unsafe.SizeOf<v4l2_plane_pix_format>()),
        Off<v4l2_plane_pix_format>("v4l2_plane_pix_format", "sizeimage"),
        Off<v4l2_plane_pix_format>("v4l2_plane_pix_format", "bytesperline"),
        Off<v4l2_plane_pix_format>("v4l2_plane_pix_format", "reserved"),

        ("sizeof(struct v4l2_pix_format_mplane)", Unsafe.SizeOf<v4l2_pix_format_mplane>()),
        Off<v4l2_pix_format_mplane>("v4l2_pix_format_mplane", "width"),
        Off<v4l2_pix_format_mplane>("v4l2_pix_format_mplane", "height"),
        Off<v4l2_pix_format_mplane>("v4l2_pix_format_mplane", "pixelformat"),
        Off<v4l2_pix_format_mplane>("v4l2_pix_format_mplane", "field"),
        Off<v4l2_pix_format_mplane>("v4l2_pix_format_mplane", "colorspace"),
        Off<v4l2_pix_format_mplane>("v4l2_pix_format_mplane", "plane_fmt"),
        ("offsetof(struct v4l2_pix_format_mplane, plane_fmt[1])", Marshal.OffsetOf<v4l2_pix_format_mplane>("plane_fmt") + Unsafe.SizeOf<v4l2_plane_pix_format>()),
        Off<v4l2_pix_format_mplane>("v4l2_pix_format_mplane", "num_planes"),
        Off<v4l2_pix_format_mplane>("v4l2_pix_format_mplane", "flags"),
        Off<v4l2_pix_format_mplane>("v4l2_pix_format_mplane", "ycbcr_enc"),
        Off<v4l2_pix_format_mplane>("v4l2_pix_format_mplane", "quantization"),
        Off<v4l2_pix_format_mplane>("v4l2_pix_format_mplane", "xfer_func"),
        Off<v4l2_pix_format_mplane>("v4l2_pix_format_mplane", "reserved"),

        ("sizeof(struct v4l2_requestbuffers)", Unsafe.SizeOf<v4l2_requestbuffers>()),
        Off<v4l2_requestbuffers>("v4l2_requestbuffers", "count"),
        Off<v4l2_requestbuffers>("v4l2_requestbuffers", "type"),
        Off<v4l2_requestbuffers>("v4l2_requestbuffers", "memory"),
        Off<v4l2_requestbuffers>("v4l2_requestbuffers", "capabilities"),
        Off<v4l2_requestbuffers>("v4l2_requestbuffers", "flags"),
        Off<v4l2_requestbuffers>("v4l2_requestbuffers", "reserved"),

        ("sizeof(struct v4l2_exportbuffer)", Unsafe.SizeOf<v4l2_exportbuffer>()),
        Off<v4l2_exportbuffer>("v4l2_exportbuffer", "type"),
        Off<v4l2_exportbuffer>("v4l2_exportbuffer", "index"),
        Off<v4l2_exportbuffer>("v4l2_exportbuffer", "plane"),
        Off<v4l2_exportbuffer>("v4l2_exportbuffer", "flags"),
        Off<v4l2_exportbuffer>("v4l2_exportbuffer", "fd"),
        Off<v4l2_exportbuffer>("v4l2_exportbuffer", "reserved"),

        ("sizeof(struct v4l2_fract)", Unsafe.SizeOf<v4l2_fract>()),
        Off<v4l2_fract>("v4l2_fract", "numerator"),
        Off<v4l2_fract>("v4l2_fract", "denominator"),

        ("sizeof(struct v4l2_streamparm)", Unsafe.SizeOf<v4l2_streamparm>()),
        ("sizeof(struct v4l2_captureparm)", 40),
        ("sizeof(struct v4l2_outputparm)", 40),
        Off<v4l2_streamparm>("v4l2_streamparm", "type"),
        Off<v4l2_streamparm>("v4l2_streamparm", "parm.capture.capability", "capability"),
        Off<v4l2_streamparm>("v4l2_streamparm", "parm.output.capability", "capability"),
        Off<v4l2_streamparm>("v4l2_streamparm", "parm.capture.capturemode", "mode"),
        Off<v4l2_streamparm>("v4l2_streamparm", "parm.output.outputmode", "mode"),
        Off<v4l2_streamparm>("v4l2_streamparm", "parm.capture.timeperframe", "timeperframe"),
        Off<v4l2_streamparm>("v4l2_streamparm", "parm.output.timeperframe", "timeperframe"),
        Off<v4l2_streamparm>("v4l2_streamparm", "parm.capture.extendedmode", "extendedmode"),
        Off<v4l2_streamparm>("v4l2_streamparm", "parm.capture.readbuffers", "readbuffers"),
        Off<v4l2_streamparm>("v4l2_streamparm", "parm.output.writebuffers", "readbuffers"),

        ("sizeof(struct v4l2_frmsizeenum)", Unsafe.SizeOf<v4l2_frmsizeenum>()),
        Off<v4l2_frmsizeenum>("v4l2_frmsizeenum", "index"),
        Off<v4l2_frmsizeenum>("v4l2_frmsizeenum", "pixel_format"),
        Off<v4l2_frmsizeenum>("v4l2_frmsizeenum", "type"),
        Off<v4l2_frmsizeenum>("v4l2_frmsizeenum", "discrete.width", "discrete_width"),
        Off<v4l2_frmsizeenum>("v4l2_frmsizeenum", "discrete.height", "discrete_height"),
        Off<v4l2_frmsizeenum>("v4l2_frmsizeenum", "stepwise.min_width", "stepwise_min_width"),
        Off<v4l2_frmsizeenum>("v4l2_frmsizeenum", "stepwise.max_width", "stepwise_max_width"),
        Off<v4l2_frmsizeenum>("v4l2_frmsizeenum", "stepwise.step_width", "stepwise_step_width"),
        Off<v4l2_frmsizeenum>("v4l2_frmsizeenum", "stepwise.min_height", "stepwise_min_height"),
        Off<v4l2_frmsizeenum>("v4l2_frmsizeenum", "stepwise.max_height", "stepwise_max_height"),
        Off<v4l2_frmsizeenum>("v4l2_frmsizeenum", "stepwise.step_height", "stepwise_step_height"),

        ("sizeof(struct v4l2_frmivalenum)", Unsafe.SizeOf<v4l2_frmivalenum>()),
        Off<v4l2_frmivalenum>("v4l2_frmivalenum", "index"),
        Off<v4l2_frmivalenum>("v4l2_frmivalenum", "pixel_format"),
        Off<v4l2_frmivalenum>("v4l2_frmivalenum", "width"),
        Off<v4l2_frmivalenum>("v4l2_frmivalenum", "height"),
        Off<v4l2_frmivalenum>("v4l2_frmivalenum", "type"),
        Off<v4l2_frmivalenum>("v4l2_frmivalenum", "discrete"),
        Off<v4l2_frmivalenum>("v4l2_frmivalenum", "stepwise.min", "stepwise_min"),
        Off<v4l2_frmivalenum>("v4l2_frmivalenum", "stepwise.max", "stepwise_max"),
        Off<v4l2_frmivalenum>("v4l2_frmivalenum", "stepwise.step", "stepwise_step"),

        ("sizeof(struct v4l2_control)", Unsafe.SizeOf<v4l2_control>()),
        Off<v4l2_control>("v4l2_control", "id"),
        Off<v4l2_control>("v4l2_control", "value"),

        ("sizeof(struct v4l2_ext_control)", Unsafe.SizeOf<v4l2_ext_control>()),
        Off<v4l2_ext_control>("v4l2_ext_control", "id"),
        Off<v4l2_ext_control>("v4l2_ext_control", "size"),
        Off<v4l2_ext_control>("v4l2_ext_control", "reserved2"),
        Off<v4l2_ext_control>("v4l2_ext_control", "value"),
        Off<v4l2_ext_control>("v4l2_ext_control", "value64"),

        ("sizeof(struct v4l2_queryctrl)", Unsafe.SizeOf<v4l2_queryctrl>()),
        Off<v4l2_queryctrl>("v4l2_queryctrl", "id"),
        Off<v4l2_queryctrl>("v4l2_queryctrl", "type"),
        Off<v4l2_queryctrl>("v4l2_queryctrl", "name"),
        Off<v4l2_queryctrl>("v4l2_queryctrl", "minimum"),
        Off<v4l2_queryctrl>("v4l2_queryctrl", "maximum"),
        Off<v4l2_queryctrl>("v4l2_queryctrl", "step"),
        Off<v4l2_queryctrl>("v4l2_queryctrl", "default_value"),
        Off<v4l2_queryctrl>("v4l2_queryctrl", "flags"),
        Off<v4l2_queryctrl>("v4l2_queryctrl", "reserved"),

        ("sizeof(struct v4l2_encoder_cmd)", Unsafe.SizeOf<v4l2_encoder_cmd>()),
        Off<v4l2_encoder_cmd>("v4l2_encoder_cmd", "cmd"),
        Off<v4l2_encoder_cmd>("v4l2_encoder_cmd", "flags"),
        Off<v4l2_encoder_cmd>("v4l2_encoder_cmd", "raw.data", "raw_data"),

        ("sizeof(struct v4l2_rect)", Unsafe.SizeOf<v4l2_rect>()),
        Off<v4l2_rect>("v4l2_rect", "left"),
        Off<v4l2_rect>("v4l2_rect", "top"),
        Off<v4l2_rect>("v4l2_rect", "width"),
        Off<v4l2_rect>("v4l2_rect", "height"),

        ("sizeof(struct v4l2_selection)", Unsafe.SizeOf<v4l2_selection>()),
        Off<v4l2_selection>("v4l2_selection", "type"),
        Off<v4l2_selection>("v4l2_selection", "target"),
        Off<v4l2_selection>("v4l2_selection", "flags"),
        Off<v4l2_selection>("v4l2_selection", "r"),
        Off<v4l2_selection>("v4l2_selection", "reserved"),

        ("sizeof(struct v4l2_event_subscription)", Unsafe.SizeOf<v4l2_event_subscription>()),
        Off<v4l2_event_subscription>("v4l2_event_subscription", "type"),
        Off<v4l2_event_subscription>("v4l2_event_subscription", "id"),
        Off<v4l2_event_subscription>("v4l2_event_subscription", "flags"),
        Off<v4l2_event_subscription>("v4l2_event_subscription", "reserved"),
    ];

    private static (string C, long Expected) Off<T>(string cStruct, string cField, string? csField = null) =>
        ($"offsetof(struct {cStruct}, {cField})", Marshal.OffsetOf<T>(csField ?? cField).ToInt64());

    private static void AssertFacts(CAbi abi, (string C, long Expected)[] facts)
    {
        var values = CAbiProbe.Evaluate(abi, Headers, [.. facts.Select(f => f.C)]);
        var wrong = new List<string>();
        for (var i = 0; i < facts.Length; i++)
        {
            if (values[i] != (facts[i].Expected & 0xFFFF_FFFF))
                wrong.Add($"{facts[i].C}: C says {values[i]} (0x{values[i]:x}), Edge has {facts[i].Expected} (0x{facts[i].Expected:x})");
        }

        Assert.True(wrong.Count == 0, $"{abi}:\n{string.Join('\n', wrong)}");
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edge.Video.V4l2;

/// <summary>
/// The V4L2 ABI of one target: the layout of every struct whose layout is not the same on all of
/// x86_64, arm64, armhf time32 and armhf time64, and the ioctl numbers, which are built from the
/// struct sizes.
/// </summary>
/// <remarks>
/// <para><b>Why tables, not structs.</b> Five structs change between targets: v4l2_format,
/// v4l2_buffer, v4l2_plane, v4l2_ext_controls and v4l2_event (pointers, C longs and libc's
/// timeval/timespec). Rather than trusting the runtime to lay out <c>nint</c> and 8-byte fields
/// the way the armhf C compiler does, Edge describes each of those structs by an offset table per
/// ABI and reads and writes them in a byte buffer through that table. Every table — including the
/// armhf ones, which never run on the test machine — is compared field by field with
/// <c>offsetof</c>/<c>sizeof</c> from the C headers compiled for that ABI (V4l2AbiTests), so the
/// armhf binary runs exactly the layout that was checked. The structs that are identical on all
/// four ABIs are ordinary blittable C# structs (explicit offsets where C packs or has 8-byte
/// fields), tested once against all four.</para>
/// <para><b>armhf: time64.</b> On 32-bit ARM, v4l2_buffer and v4l2_event exist in a time32 layout
/// (68/128 bytes) and a time64 layout (80/136), each with its own request number. Edge uses the
/// time64 layout: it is the native layout of a 32-bit kernel (the kernel's own
/// <c>__kernel_v4l2_timeval</c> is two 64-bit fields), it is what Debian 13 and later build armhf
/// C code with, it survives 2038, and every kernel since 5.6 accepts it — 64-bit kernels through
/// their compat layer as well (Raspberry Pi OS ships 6.1+). The time32 table is kept and tested
/// too, so an old kernel could be served by choosing it.</para>
/// </remarks>
internal sealed class V4l2Abi
{
    /// <summary>x86_64 (LP64).</summary>
    public static readonly V4l2Abi X86_64 = Create64Bit("x86_64");

    /// <summary>aarch64 (LP64); identical to x86_64 for V4L2.</summary>
    public static readonly V4l2Abi Arm64 = Create64Bit("arm64");

    /// <summary>armhf with 32-bit time_t: the pre-5.6 layouts (VIDIOC_*_TIME32 in the kernel).</summary>
    public static readonly V4l2Abi ArmhfTime32 = new(
        "armhf (time32)",
        pointerSize: 4,
        new V4l2FormatLayout { Size = 204, Fmt = 4 },
        new V4l2BufferLayout
        {
            Size = 68, Timestamp = 20, TimevalFieldSize = 4, Timecode = 28, Sequence = 44, Memory = 48, M = 52,
            Length = 56, Reserved2 = 60, RequestFd = 64,
        },
        new V4l2PlaneLayout { Size = 60, DataOffset = 12, Reserved = 16 },
        new V4l2ExtControlsLayout { Size = 24, Controls = 20 },
        new V4l2EventLayout
        {
            Size = 128, TimespecSecondsSize = 4, TimestampNanoseconds = 84, TimespecNanosecondsSize = 4, Id = 88, Reserved = 92,
        });

    /// <summary>armhf with 64-bit time_t: the layouts Edge uses on 32-bit ARM.</summary>
    public static readonly V4l2Abi ArmhfTime64 = new(
        "armhf (time64)",
        pointerSize: 4,
        new V4l2FormatLayout { Size = 204, Fmt = 4 },
        new V4l2BufferLayout
        {
            Size = 80, Timestamp = 24, TimevalFieldSize = 8, Timecode = 40, Sequence = 56, Memory = 60, M = 64,
            Length = 68, Reserved2 = 72, RequestFd = 76,
        },
        new V4l2PlaneLayout { Size = 60, DataOffset = 12, Reserved = 16 },
        new V4l2ExtControlsLayout { Size = 24, Controls = 20 },
        new V4l2EventLayout
        {
            Size = 136, TimespecSecondsSize = 8, TimestampNanoseconds = 88, TimespecNanosecondsSize = 4, Id = 96, Reserved = 100,
        });

    private static readonly Lazy<V4l2Abi?> CurrentAbi = new(() => ForArchitecture(RuntimeInformation.ProcessArchitecture, IntPtr.Size));

    private V4l2Abi(string name, int pointerSize, V4l2FormatLayout format, V4l2BufferLayout buffer, V4l2PlaneLayout plane,
        V4l2ExtControlsLayout extControls, V4l2EventLayout @event)
    {
        Name = name;
        PointerSize = pointerSize;
        Format = format;
        Buffer = buffer;
        Plane = plane;
        ExtControls = extControls;
        Event = @event;
        Requests = new V4l2Requests(this);
    }

    /// <summary>A name for messages, e.g. "armhf (time64)".</summary>
    public string Name { get; }

    /// <summary>Bytes in a pointer and in a C long.</summary>
    public int PointerSize { get; }

    public V4l2FormatLayout Format { get; }

    public V4l2BufferLayout Buffer { get; }

    public V4l2PlaneLayout Plane { get; }

    public V4l2ExtControlsLayout ExtControls { get; }

    public V4l2EventLayout Event { get; }

    /// <summary>The ioctl request numbers for this ABI.</summary>
    public V4l2Requests Requests { get; }

    /// <summary>The ABI of this process. Throws on an architecture Edge has no table for (see <see cref="TryVerify"/>).</summary>
    public static V4l2Abi Current => CurrentAbi.Value ?? throw new PlatformNotSupportedException(DescribeUnsupported());

    /// <summary>The table for a process architecture and pointer size, or null when Edge has none.</summary>
    public static V4l2Abi? ForArchitecture(Architecture architecture, int pointerSize) => (architecture, pointerSize) switch
    {
        (Architecture.X64, 8) => X86_64,
        (Architecture.Arm64, 8) => Arm64,
        (Architecture.Arm, 4) => ArmhfTime64,
        _ => null,
    };

    /// <summary>
    /// Checks, at start-up, that this process runs on an architecture Edge has V4L2 tables for and
    /// that the runtime lays out the fixed-layout structs with the sizes the kernel expects.
    /// Returns false with a message naming what is wrong.
    /// </summary>
    public static bool TryVerify([NotNullWhen(false)] out string? problem)
    {
        var abi = CurrentAbi.Value;
        if (abi is null)
        {
            problem = DescribeUnsupported();
            return false;
        }

        if (IntPtr.Size != abi.PointerSize)
        {
            problem = $"V4L2: the process has {IntPtr.Size}-byte pointers, but the {abi.Name} table expects {abi.PointerSize}.";
            return false;
        }

        foreach (var (name, actual, expected) in FixedSizes())
        {
            if (actual != expected)
            {
                problem = $"V4L2: struct {name} is {actual} bytes in this build, the kernel expects {expected} ({abi.Name}); V4L2 devices cannot be used.";
                return false;
            }
        }

        problem = null;
        return true;
    }

    /// <summary>
    /// The size the runtime gives each fixed-layout struct, and the size the kernel headers give it
    /// on every ABI (the tests check the expected column against the headers).
    /// </summary>
    internal static IEnumerable<(string Name, int Actual, int Expected)> FixedSizes() =>
    [
        ("v4l2_capability", Unsafe.SizeOf<v4l2_capability>(), 104),
        ("v4l2_fmtdesc", Unsafe.SizeOf<v4l2_fmtdesc>(), 64),
        ("v4l2_pix_format", Unsafe.SizeOf<v4l2_pix_format>(), 48),
        ("v4l2_plane_pix_format", Unsafe.SizeOf<v4l2_plane_pix_format>(), 20),
        ("v4l2_pix_format_mplane", Unsafe.SizeOf<v4l2_pix_format_mplane>(), 192),
        ("v4l2_requestbuffers", Unsafe.SizeOf<v4l2_requestbuffers>(), 20),
        ("v4l2_exportbuffer", Unsafe.SizeOf<v4l2_exportbuffer>(), 64),
        ("v4l2_streamparm", Unsafe.SizeOf<v4l2_streamparm>(), 204),
        ("v4l2_frmsizeenum", Unsafe.SizeOf<v4l2_frmsizeenum>(), 44),
        ("v4l2_frmivalenum", Unsafe.SizeOf<v4l2_frmivalenum>(), 52),
        ("v4l2_control", Unsafe.SizeOf<v4l2_control>(), 8),
        ("v4l2_ext_control", Unsafe.SizeOf<v4l2_ext_control>(), 20),
        ("v4l2_queryctrl", Unsafe.SizeOf<v4l2_queryctrl>(), 68),
        ("v4l2_encoder_cmd", Unsafe.SizeOf<v4l2_encoder_cmd>(), 40),
        ("v4l2_selection", Unsafe.SizeOf<v4l2_selection>(), 64),
        ("v4l2_event_subscription", Unsafe.SizeOf<v4l2_event_subscription>(), 32),
    ];

    /// <inheritdoc />
    public override string ToString() => Name;

    private static string DescribeUnsupported() =>
        $"V4L2 is not supported on {RuntimeInformation.ProcessArchitecture} with {IntPtr.Size}-byte pointers; " +
        "Edge has V4L2 layouts for linux-x64, linux-arm64 and linux-arm only.";

    private static V4l2Abi Create64Bit(string name) => new(
        name,
        pointerSize: 8,
        new V4l2FormatLayout { Size = 208, Fmt = 8 },
        new V4l2BufferLayout
        {
            Size = 88, Timestamp = 24, TimevalFieldSize = 8, Timecode = 40, Sequence = 56, Memory = 60, M = 64,
            Length = 72, Reserved2 = 76, RequestFd = 80,
        },
        new V4l2PlaneLayout { Size = 64, DataOffset = 16, Reserved = 20 },
        new V4l2ExtControlsLayout { Size = 32, Controls = 24 },
        new V4l2EventLayout
        {
            Size = 136, TimespecSecondsSize = 8, TimestampNanoseconds = 88, TimespecNanosecondsSize = 8, Id = 96, Reserved = 100,
        });
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Edge.Video.V4l2;

/// <summary>
/// struct v4l2_format (VIDIOC_G_FMT / S_FMT / TRY_FMT) in a byte buffer of
/// <see cref="V4l2FormatLayout.Size"/> bytes: <c>type</c> at 0, and the <c>fmt</c> union (where
/// <see cref="v4l2_pix_format"/> or <see cref="v4l2_pix_format_mplane"/> lives) at the
/// pointer-aligned offset of the <see cref="V4l2Abi"/> table.
/// </summary>
internal readonly ref struct v4l2_format
{
    /// <summary>The largest v4l2_format of any ABI, for stack buffers.</summary>
    public const int MaxSize = 208;

    private readonly Span<byte> _bytes;
    private readonly V4l2FormatLayout _layout;

    public v4l2_format(Span<byte> bytes, V4l2Abi abi)
    {
        if (bytes.Length < abi.Format.Size)
            throw new ArgumentException($"v4l2_format needs {abi.Format.Size} bytes on {abi.Name}.", nameof(bytes));
        _bytes = bytes[..abi.Format.Size];
        _layout = abi.Format;
    }

    public Span<byte> Bytes => _bytes;

    public uint type
    {
        get => BinaryPrimitives.ReadUInt32LittleEndian(_bytes);
        set => BinaryPrimitives.WriteUInt32LittleEndian(_bytes, value);
    }

    /// <summary>fmt.pix (single-planar types).</summary>
    public ref v4l2_pix_format pix => ref MemoryMarshal.AsRef<v4l2_pix_format>(_bytes.Slice(_layout.Fmt, 48));

    /// <summary>fmt.pix_mp (multi-planar types).</summary>
    public ref v4l2_pix_format_mplane pix_mp => ref MemoryMarshal.AsRef<v4l2_pix_format_mplane>(_bytes.Slice(_layout.Fmt, 192));
}

/// <summary>
/// struct v4l2_ext_controls (VIDIOC_S_EXT_CTRLS) in a byte buffer, through the
/// <see cref="V4l2Abi"/> table: 32 bytes with the control-array pointer at 24 on 64-bit, 24 bytes
/// with it at 20 on armhf.
/// </summary>
internal readonly ref struct v4l2_ext_controls
{
    /// <summary>The largest v4l2_ext_controls of any ABI, for stack buffers.</summary>
    public const int MaxSize = 32;

    private readonly Span<byte> _bytes;
    private readonly V4l2ExtControlsLayout _layout;
    private readonly int _pointerSize;

    public v4l2_ext_controls(Span<byte> bytes, V4l2Abi abi)
    {
        if (bytes.Length < abi.ExtControls.Size)
            throw new ArgumentException($"v4l2_ext_controls needs {abi.ExtControls.Size} bytes on {abi.Name}.", nameof(bytes));
        _bytes = bytes[..abi.ExtControls.Size];
        _layout = abi.ExtControls;
        _pointerSize = abi.PointerSize;
    }

    public Span<byte> Bytes => _bytes;

    /// <summary>which (V4L2_CTRL_WHICH_CUR_VAL) / ctrl_class.</summary>
    public uint which
    {
        get => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[_layout.Which..]);
        set => BinaryPrimitives.WriteUInt32LittleEndian(_bytes[_layout.Which..], value);
    }

    public uint count
    {
        get => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[_layout.Count..]);
        set => BinaryPrimitives.WriteUInt32LittleEndian(_bytes[_layout.Count..], value);
    }

    public uint error_idx => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[_layout.ErrorIndex..]);

    /// <summary>controls: the address of the v4l2_ext_control array, pointer-sized.</summary>
    public nint controls
    {
        get => _pointerSize == 8
            ? (nint)BinaryPrimitives.ReadInt64LittleEndian(_bytes[_layout.Controls..])
            : BinaryPrimitives.ReadInt32LittleEndian(_bytes[_layout.Controls..]);
        set
        {
            if (_pointerSize == 8)
                BinaryPrimitives.WriteInt64LittleEndian(_bytes[_layout.Controls..], value);
            else
                BinaryPrimitives.WriteInt32LittleEndian(_bytes[_layout.Controls..], checked((int)value));
        }
    }
}

/// <summary>struct v4l2_event (VIDIOC_DQEVENT) in a byte buffer, through the <see cref="V4l2Abi"/> table.</summary>
internal readonly ref struct v4l2_event
{
    /// <summary>The largest v4l2_event of any ABI, for stack buffers.</summary>
    public const int MaxSize = 136;

    private readonly Span<byte> _bytes;
    private readonly V4l2EventLayout _layout;

    public v4l2_event(Span<byte> bytes, V4l2Abi abi)
    {
        if (bytes.Length < abi.Event.Size)
            throw new ArgumentException($"v4l2_event needs {abi.Event.Size} bytes on {abi.Name}.", nameof(bytes));
        _bytes = bytes[..abi.Event.Size];
        _layout = abi.Event;
    }

    public Span<byte> Bytes => _bytes;

    public uint type => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[_layout.Type..]);

    public uint pending => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[_layout.Pending..]);

    public uint sequence => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[_layout.Sequence..]);

    public uint id => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[_layout.Id..]);
}

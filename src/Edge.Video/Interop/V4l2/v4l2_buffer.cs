using System.Buffers.Binary;

namespace Edge.Video.V4l2;

/// <summary>
/// struct v4l2_buffer (VIDIOC_QUERYBUF / QBUF / DQBUF), read and written in a byte buffer of
/// <see cref="V4l2BufferLayout.Size"/> bytes through the <see cref="V4l2Abi"/> table (88 bytes on
/// 64-bit, 80 on armhf time64, 68 on armhf time32). Member names are the C names.
/// </summary>
internal readonly ref struct v4l2_buffer
{
    private readonly Span<byte> _bytes;
    private readonly V4l2BufferLayout _layout;
    private readonly int _pointerSize;

    /// <param name="bytes">At least <see cref="V4l2BufferLayout.Size"/> bytes, zeroed by the caller for a new request.</param>
    /// <param name="abi">The layout to use.</param>
    public v4l2_buffer(Span<byte> bytes, V4l2Abi abi)
    {
        if (bytes.Length < abi.Buffer.Size)
            throw new ArgumentException($"v4l2_buffer needs {abi.Buffer.Size} bytes on {abi.Name}.", nameof(bytes));
        _bytes = bytes[..abi.Buffer.Size];
        _layout = abi.Buffer;
        _pointerSize = abi.PointerSize;
    }

    /// <summary>The whole struct, for the ioctl.</summary>
    public Span<byte> Bytes => _bytes;

    public uint index
    {
        get => U32(_layout.Index);
        set => U32(_layout.Index, value);
    }

    public uint type
    {
        get => U32(_layout.Type);
        set => U32(_layout.Type, value);
    }

    public uint bytesused
    {
        get => U32(_layout.BytesUsed);
        set => U32(_layout.BytesUsed, value);
    }

    public uint flags
    {
        get => U32(_layout.Flags);
        set => U32(_layout.Flags, value);
    }

    public uint field
    {
        get => U32(_layout.Field);
        set => U32(_layout.Field, value);
    }

    /// <summary>timestamp.tv_sec.</summary>
    public long timestamp_tv_sec
    {
        get => Long(_layout.Timestamp, _layout.TimevalFieldSize);
        set => Long(_layout.Timestamp, _layout.TimevalFieldSize, value);
    }

    /// <summary>timestamp.tv_usec.</summary>
    public long timestamp_tv_usec
    {
        get => Long(_layout.TimestampMicroseconds, _layout.TimevalFieldSize);
        set => Long(_layout.TimestampMicroseconds, _layout.TimevalFieldSize, value);
    }

    public uint sequence => U32(_layout.Sequence);

    public uint memory
    {
        get => U32(_layout.Memory);
        set => U32(_layout.Memory, value);
    }

    /// <summary>m.offset: the mmap offset of a single-planar MMAP buffer.</summary>
    public uint m_offset
    {
        get => U32(_layout.M);
        set => U32(_layout.M, value);
    }

    /// <summary>m.fd: the DMABUF descriptor of a single-planar DMABUF buffer.</summary>
    public int m_fd
    {
        get => (int)U32(_layout.M);
        set => U32(_layout.M, (uint)value);
    }

    /// <summary>m.planes: the address of the v4l2_plane array (multi-planar), pointer-sized.</summary>
    public nint m_planes
    {
        get => (nint)Long(_layout.M, _pointerSize);
        set => Long(_layout.M, _pointerSize, value);
    }

    /// <summary>length: bytes in the buffer (single-planar) or number of planes (multi-planar).</summary>
    public uint length
    {
        get => U32(_layout.Length);
        set => U32(_layout.Length, value);
    }

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[offset..]);

    private void U32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_bytes[offset..], value);

    private long Long(int offset, int size) => size == 8
        ? BinaryPrimitives.ReadInt64LittleEndian(_bytes[offset..])
        : BinaryPrimitives.ReadInt32LittleEndian(_bytes[offset..]);

    private void Long(int offset, int size, long value)
    {
        if (size == 8)
            BinaryPrimitives.WriteInt64LittleEndian(_bytes[offset..], value);
        else
            BinaryPrimitives.WriteInt32LittleEndian(_bytes[offset..], checked((int)value));
    }
}

/// <summary>
/// One struct v4l2_plane of the array a multi-planar v4l2_buffer points to (64 bytes on 64-bit,
/// 60 on armhf), through the <see cref="V4l2Abi"/> table.
/// </summary>
internal readonly ref struct v4l2_plane
{
    private readonly Span<byte> _bytes;
    private readonly V4l2PlaneLayout _layout;

    /// <param name="array">The plane array.</param>
    /// <param name="plane">Which element.</param>
    /// <param name="abi">The layout to use.</param>
    public v4l2_plane(Span<byte> array, int plane, V4l2Abi abi)
    {
        _layout = abi.Plane;
        _bytes = array.Slice(plane * _layout.Size, _layout.Size);
    }

    public uint bytesused
    {
        get => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[_layout.BytesUsed..]);
        set => BinaryPrimitives.WriteUInt32LittleEndian(_bytes[_layout.BytesUsed..], value);
    }

    public uint length
    {
        get => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[_layout.Length..]);
        set => BinaryPrimitives.WriteUInt32LittleEndian(_bytes[_layout.Length..], value);
    }

    /// <summary>m.mem_offset: the mmap offset of this plane.</summary>
    public uint m_mem_offset
    {
        get => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[_layout.M..]);
        set => BinaryPrimitives.WriteUInt32LittleEndian(_bytes[_layout.M..], value);
    }

    /// <summary>m.fd: the DMABUF descriptor of this plane.</summary>
    public int m_fd
    {
        get => BinaryPrimitives.ReadInt32LittleEndian(_bytes[_layout.M..]);
        set => BinaryPrimitives.WriteInt32LittleEndian(_bytes[_layout.M..], value);
    }

    public uint data_offset
    {
        get => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[_layout.DataOffset..]);
        set => BinaryPrimitives.WriteUInt32LittleEndian(_bytes[_layout.DataOffset..], value);
    }
}

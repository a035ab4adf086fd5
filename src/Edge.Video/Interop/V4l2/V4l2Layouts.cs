namespace Edge.Video.V4l2;

/// <summary>
/// Where struct v4l2_format keeps its union. <c>fmt</c> also holds the pointer-bearing
/// v4l2_window, so it is pointer-aligned: offset 8 and 208 bytes on 64-bit, 4 and 204 on armhf.
/// </summary>
internal sealed record V4l2FormatLayout
{
    public required int Size { get; init; }

    public required int Fmt { get; init; }
}

/// <summary>
/// struct v4l2_buffer, which differs on every axis: <c>timestamp</c> is a libc struct timeval
/// (two longs on 64-bit, two 32-bit or two 64-bit fields on armhf time32/time64) and the <c>m</c>
/// union holds a pointer (<c>m.planes</c>) or an unsigned long (<c>m.userptr</c>).
/// </summary>
internal sealed record V4l2BufferLayout
{
    public required int Size { get; init; }

    public int Index { get; init; }

    public int Type { get; init; } = 4;

    public int BytesUsed { get; init; } = 8;

    public int Flags { get; init; } = 12;

    public int Field { get; init; } = 16;

    /// <summary>timestamp.tv_sec.</summary>
    public required int Timestamp { get; init; }

    /// <summary>Width of tv_sec and of tv_usec (4 on armhf time32, else 8).</summary>
    public required int TimevalFieldSize { get; init; }

    /// <summary>timestamp.tv_usec.</summary>
    public int TimestampMicroseconds => Timestamp + TimevalFieldSize;

    public required int Timecode { get; init; }

    public required int Sequence { get; init; }

    public required int Memory { get; init; }

    /// <summary>The union: m.offset (u32), m.userptr (unsigned long), m.planes (pointer), m.fd (s32).</summary>
    public required int M { get; init; }

    public required int Length { get; init; }

    public required int Reserved2 { get; init; }

    public required int RequestFd { get; init; }
}

/// <summary>struct v4l2_plane: its <c>m</c> union holds an unsigned long, so what follows moves.</summary>
internal sealed record V4l2PlaneLayout
{
    public required int Size { get; init; }

    public int BytesUsed { get; init; }

    public int Length { get; init; } = 4;

    /// <summary>The union: m.mem_offset (u32), m.userptr (unsigned long), m.fd (s32).</summary>
    public int M { get; init; } = 8;

    public required int DataOffset { get; init; }

    public required int Reserved { get; init; }
}

/// <summary>struct v4l2_ext_controls: ends with a pointer to the v4l2_ext_control array.</summary>
internal sealed record V4l2ExtControlsLayout
{
    public required int Size { get; init; }

    /// <summary>ctrl_class / which (a union).</summary>
    public int Which { get; init; }

    public int Count { get; init; } = 4;

    public int ErrorIndex { get; init; } = 8;

    public int RequestFd { get; init; } = 12;

    public int Reserved { get; init; } = 16;

    public required int Controls { get; init; }
}

/// <summary>struct v4l2_event: its timestamp is a libc struct timespec.</summary>
internal sealed record V4l2EventLayout
{
    public required int Size { get; init; }

    public int Type { get; init; }

    public int U { get; init; } = 8;

    public int Pending { get; init; } = 72;

    public int Sequence { get; init; } = 76;

    /// <summary>timestamp.tv_sec.</summary>
    public int Timestamp { get; init; } = 80;

    /// <summary>Width of tv_sec (4 on armhf time32, else 8).</summary>
    public required int TimespecSecondsSize { get; init; }

    /// <summary>timestamp.tv_nsec.</summary>
    public required int TimestampNanoseconds { get; init; }

    /// <summary>Width of tv_nsec (a C long: 8 on 64-bit, 4 on armhf).</summary>
    public required int TimespecNanosecondsSize { get; init; }

    public required int Id { get; init; }

    public required int Reserved { get; init; }
}

using Microsoft.Win32.SafeHandles;

namespace Edge.Linux.IO;

/// <summary>Owns one Linux file descriptor and closes it exactly once.</summary>
public sealed class FileDescriptorHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Wraps a descriptor this handle now owns.</summary>
    public FileDescriptorHandle(int fd)
        : base(ownsHandle: true)
    {
        SetHandle(fd);
    }

    private FileDescriptorHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>The raw descriptor, for the interop layer only.</summary>
    internal int Fd => (int)handle;

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Interop.Libc.Close((int)handle) == 0;
}

namespace Edge.Linux.IO;

/// <summary>
/// Builds ioctl request numbers the way the kernel's <c>_IOC</c> macros do
/// (include/uapi/asm-generic/ioctl.h: 8 bits number, 8 bits type, 14 bits size, 2 bits
/// direction). x86_64, arm64 and arm all use the generic layout. The size is part of the
/// number, so a struct of the wrong size yields a number the kernel rejects with ENOTTY rather
/// than silently misreading memory; tests still compare every number with the C headers.
/// </summary>
public static class IoctlRequest
{
    private const int NumberBits = 8;
    private const int TypeBits = 8;
    private const int SizeBits = 14;
    private const int TypeShift = NumberBits;
    private const int SizeShift = TypeShift + TypeBits;
    private const int DirectionShift = SizeShift + SizeBits;

    private const uint None = 0;
    private const uint Write = 1;
    private const uint Read = 2;

    /// <summary>_IO(type, nr).</summary>
    public static uint IO(char type, int number) => Encode(None, type, number, 0);

    /// <summary>_IOR(type, nr, size): the kernel writes the argument.</summary>
    public static uint IOR(char type, int number, int size) => Encode(Read, type, number, size);

    /// <summary>_IOW(type, nr, size): the kernel reads the argument.</summary>
    public static uint IOW(char type, int number, int size) => Encode(Write, type, number, size);

    /// <summary>_IOWR(type, nr, size): both ways.</summary>
    public static uint IOWR(char type, int number, int size) => Encode(Read | Write, type, number, size);

    private static uint Encode(uint direction, char type, int number, int size)
    {
        if (size is < 0 or >= 1 << SizeBits)
            throw new ArgumentOutOfRangeException(nameof(size), size, "An ioctl argument must be smaller than 16 KiB.");
        return (direction << DirectionShift) | ((uint)size << SizeShift) | ((uint)(byte)type << TypeShift) | (uint)(byte)number;
    }
}

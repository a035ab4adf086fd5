using System.Runtime.InteropServices;

namespace Edge.Linux.IO;

/// <summary>One mmap(2)ed region of a device, unmapped on dispose.</summary>
public sealed unsafe class MemoryMapping : IDisposable
{
    private void* _address;

    private MemoryMapping(void* address, int length)
    {
        _address = address;
        Length = length;
    }

    /// <summary>Mapped length in bytes.</summary>
    public int Length { get; }

    /// <summary>The mapped bytes. Valid until disposed.</summary>
    public Span<byte> Span => _address is null ? throw new ObjectDisposedException(nameof(MemoryMapping)) : new Span<byte>(_address, Length);

    /// <summary>The start address, for handing to native code.</summary>
    public nint Address => (nint)_address;

    internal static MemoryMapping Create(DeviceFile device, long offset, int length, string operation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var added = false;
        device.Handle.DangerousAddRef(ref added);
        try
        {
            var address = Interop.Libc.Mmap(
                null,
                (nuint)length,
                Interop.Libc.MemoryProtection.PROT_READ | Interop.Libc.MemoryProtection.PROT_WRITE,
                Interop.Libc.MemoryMapFlags.MAP_SHARED,
                device.Handle.Fd,
                offset);
            if ((nint)address == Interop.Libc.MapFailed)
                throw new LinuxIOException(device.Path, operation, Marshal.GetLastPInvokeError());
            return new MemoryMapping(address, length);
        }
        finally
        {
            if (added)
                device.Handle.DangerousRelease();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_address is null)
            return;
        _ = Interop.Libc.Munmap(_address, (nuint)Length);
        _address = null;
    }
}

using System.Device.I2c;

namespace Edge.Display.Tests.Support;

/// <summary>
/// Stands in for <c>/dev/i2c-N</c>: every write is handed to an <see cref="Ssd1306Emulator"/>, as
/// the panel would receive it. Set <see cref="Answering"/> false to act as a bus where nothing
/// acknowledges the address (the kernel then fails the write with ENXIO, which .NET raises as IOException).
/// </summary>
internal sealed class FakeI2cDevice : I2cDevice
{
    private readonly I2cConnectionSettings _settings;

    public FakeI2cDevice(Ssd1306Emulator panel, int bus = 1, int address = 0x3C)
    {
        Panel = panel;
        _settings = new I2cConnectionSettings(bus, address);
    }

    public Ssd1306Emulator Panel { get; }

    public bool Answering { get; set; } = true;

    /// <summary>Writes seen, answered or not.</summary>
    public int Writes { get; private set; }

    public bool Disposed { get; private set; }

    public override I2cConnectionSettings ConnectionSettings => _settings;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Writes++;
        if (!Answering)
            throw new IOException($"Error 6 performing I2C data transfer (no device at 0x{_settings.DeviceAddress:X2})");
        Panel.Receive(buffer);
    }

    public override void WriteByte(byte value) => Write([value]);

    public override byte ReadByte() => throw new NotSupportedException("the SSD1306 is write-only on I2C here");

    public override void Read(Span<byte> buffer) => throw new NotSupportedException("the SSD1306 is write-only on I2C here");

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => throw new NotSupportedException("the SSD1306 is write-only on I2C here");

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}

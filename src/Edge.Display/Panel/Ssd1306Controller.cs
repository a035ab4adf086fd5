using System.Device.I2c;
using Edge.Display.Rendering;
using Iot.Device.Ssd13xx;
using Iot.Device.Ssd13xx.Commands;
using Ssd1306Commands = Iot.Device.Ssd13xx.Commands.Ssd1306Commands;

namespace Edge.Display.Panel;

/// <summary>
/// An SSD1306 on I2C through Iot.Device.Bindings' <see cref="Ssd13xx"/> base: its bus handling,
/// data framing and command classes, with the SSD1306's command framing (control byte 0x00).
/// </summary>
/// <remarks>
/// Not the package's own <c>Ssd1306</c> class: its constructor runs a power-up sequence for
/// 128×32 panels and then clears the screen through the package's image layer, which throws
/// unless an image adapter package (SkiaSharp) is registered; Edge draws its own pixels and
/// ships no image library, so <see cref="Ssd1306Panel"/> sends the 128×64 sequence itself.
/// </remarks>
internal sealed class Ssd1306Controller : Ssd13xx
{
    public Ssd1306Controller(I2cDevice device)
        : base(device, MonochromeImage.Width, MonochromeImage.Height)
    {
    }

    public override void SendCommand(ISharedCommand command) => Write(command);

    public void SendCommand(ISsd1306Command command) => Write(command);

    /// <summary>The whole RAM as the write window, page 0 column 0 first.</summary>
    protected override void SetStartAddress()
    {
        SendCommand(new Ssd1306Commands.SetColumnAddress(0, MonochromeImage.Width - 1));
        SendCommand(new Ssd1306Commands.SetPageAddress(Ssd1306Commands.PageAddress.Page0, Ssd1306Commands.PageAddress.Page7));
    }

    /// <summary>One I2C write: the control byte for "commands follow" (Co = 0, D/C# = 0), then the command and its arguments.</summary>
    private void Write(ICommand command)
    {
        var bytes = command.GetBytes();
        var buffer = SliceGenericBuffer(bytes.Length + 1);
        buffer[0] = 0x00;
        bytes.CopyTo(buffer[1..]);
        var device = I2cDevice ?? throw new ObjectDisposedException(nameof(Ssd1306Controller));
        device.Write(buffer);
    }
}

using System.Device.I2c;
using Edge.Display.Rendering;
using Iot.Device.Ssd13xx;
using Iot.Device.Ssd13xx.Commands;
using Ssd1306Commands = Iot.Device.Ssd13xx.Commands.Ssd1306Commands;

namespace Edge.Display.Panel;

/// <summary>
/// A 128×64 SSD1306 or SSD1309 panel on I2C, driven through Iot.Device.Bindings'
/// <see cref="Ssd13xx"/> transport and command set (see <see cref="Ssd1306Controller"/>). It remembers what the glass shows and sends only the pages (8-row bands) that
/// changed, so a refresh where one number changed is one short I2C write.
/// </summary>
/// <remarks>
/// SSD1309 I2C modules take the same commands for everything used here; the one they lack, the
/// charge pump, is for the SSD1306's internal supply and is ignored by an SSD1309.
/// </remarks>
internal sealed class Ssd1306Panel : IDisposable
{
    private readonly Ssd1306Controller _controller;
    private readonly byte[][] _shown = new byte[MonochromeImage.Pages][];
    private bool _everShown;

    private Ssd1306Panel(Ssd1306Controller controller)
    {
        _controller = controller;
    }

    /// <summary>
    /// Takes the panel at <paramref name="device"/> (which it then owns) and sets it up for 128×64
    /// mounted as <paramref name="rotation"/> says; the glass stays dark until the first <see cref="Show"/>.
    /// Throws <see cref="IOException"/> when nothing answers at the address.
    /// </summary>
    public static Ssd1306Panel Open(I2cDevice device, DisplayRotation rotation)
    {
        var controller = new Ssd1306Controller(device);
        var panel = new Ssd1306Panel(controller);
        try
        {
            panel.Configure(rotation);
        }
        catch
        {
            panel.Dispose();
            throw;
        }
        return panel;
    }

    /// <summary>Sends the pages of <paramref name="image"/> that differ from what the glass shows.</summary>
    public void Show(MonochromeImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        for (var page = 0; page < MonochromeImage.Pages; page++)
        {
            var bytes = image.Page(page);
            if (_shown[page] is { } shown && bytes.SequenceEqual(shown))
                continue;
            _controller.SendCommand(new Ssd1306Commands.SetColumnAddress(0, MonochromeImage.Width - 1));
            _controller.SendCommand(new Ssd1306Commands.SetPageAddress((Ssd1306Commands.PageAddress)page, (Ssd1306Commands.PageAddress)page));
            _controller.SendData(bytes.ToArray());
            _shown[page] = bytes.ToArray();
        }
        if (!_everShown)
        {
            // Only now: until the whole RAM holds our picture, the glass would show leftovers.
            _controller.SendCommand(new SetDisplayOn());
            _everShown = true;
        }
    }

    /// <summary>Darkens the glass (the controller keeps its RAM); used when edge stops.</summary>
    public void TurnOff() => _controller.SendCommand(new SetDisplayOff());

    public void Dispose() => _controller.Dispose();

    private void Configure(DisplayRotation rotation)
    {
        var upright = rotation == DisplayRotation.Normal;
        // The usual power-up sequence of the SSD1306 datasheet's application note, for 128×64.
        Send(new SetDisplayOff());
        Send(new DeactivateScroll());
        Send(new Ssd1306Commands.SetDisplayClockDivideRatioOscillatorFrequency(0x00, 0x08));
        Send(new SetMultiplexRatio(MonochromeImage.Height - 1));
        Send(new Ssd1306Commands.SetDisplayOffset(0));
        Send(new Ssd1306Commands.SetDisplayStartLine(0));
        Send(new Ssd1306Commands.SetChargePump(true));
        Send(new Ssd1306Commands.SetMemoryAddressingMode(Ssd1306Commands.SetMemoryAddressingMode.AddressingMode.Horizontal));
        // Modules are wired so that column 127 on SEG0 and COM scanning from the bottom is upright;
        // mounted upside down, both directions flip, which turns the picture by 180°.
        Send(new Ssd1306Commands.SetSegmentReMap(columnAddress127: upright));
        Send(new Ssd1306Commands.SetComOutputScanDirection(normalMode: !upright));
        // 64-row modules wire the COM lines alternately (the 128×32 setting shows every other row).
        Send(new Ssd1306Commands.SetComPinsHardwareConfiguration(alternativeComPinConfiguration: true, enableLeftRightRemap: false));
        Send(new SetContrastControlForBank0(0x8F));
        Send(new Ssd1306Commands.SetPreChargePeriod(0x01, 0x0F));
        Send(new Ssd1306Commands.SetVcomhDeselectLevel(Ssd1306Commands.SetVcomhDeselectLevel.DeselectLevel.Vcc0_77));
        Send(new Ssd1306Commands.EntireDisplayOn(false));
        Send(new Ssd1306Commands.SetNormalDisplay());
    }

    private void Send(ISsd1306Command command) => _controller.SendCommand(command);

    private void Send(ISharedCommand command) => _controller.SendCommand(command);
}

namespace Edge.Display;

/// <summary>Where the status display is and how it is mounted.</summary>
/// <param name="Bus">The I2C bus number: 1 is <c>/dev/i2c-1</c>, the Raspberry Pi header's pins 3 and 5.</param>
/// <param name="Address">The panel's 7-bit I2C address; SSD1306 and SSD1309 modules use 0x3C (some 0x3D).</param>
/// <param name="Rotation">How the panel is mounted.</param>
public sealed record DisplayOptions(int Bus = 1, int Address = DisplayOptions.DefaultAddress, DisplayRotation Rotation = DisplayRotation.Normal)
{
    public const int DefaultAddress = 0x3C;

    /// <summary>"bus 1 address 0x3C", as the log names the panel.</summary>
    public override string ToString() => $"bus {Bus} address 0x{Address:X2}";
}

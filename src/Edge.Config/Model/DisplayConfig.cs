namespace Edge.Config;

/// <summary><c>[display]</c>: an SSD1306/SSD1309 128×64 OLED on I2C showing the name, addresses and state.</summary>
public sealed record DisplayConfig
{
    /// <summary>The I2C bus number: 1 is <c>/dev/i2c-1</c>, on a Raspberry Pi's header pins 3 (SDA) and 5 (SCL).</summary>
    public int Bus { get; init; } = 1;

    /// <summary>The panel's 7-bit I2C address; almost every module answers at 0x3C, some at 0x3D.</summary>
    public int Address { get; init; } = 0x3C;

    /// <summary>0, or 180 for a panel mounted upside down.</summary>
    public int RotationDegrees { get; init; }
}

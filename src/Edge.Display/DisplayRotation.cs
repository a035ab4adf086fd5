namespace Edge.Display;

/// <summary>How the panel is mounted.</summary>
public enum DisplayRotation
{
    /// <summary>The module's pins at the top, as most SSD1306 breakouts are drawn.</summary>
    Normal,

    /// <summary>Turned by 180°, pins at the bottom.</summary>
    UpsideDown,
}

namespace Edge.Status;

/// <summary>The OLED status display as the status page shows it.</summary>
/// <param name="Driver">The panel and where it is: "SSD1306/SSD1309 128x64 OLED on I2C bus 1 address 0x3C".</param>
/// <param name="Lines">The text on the panel now, line by line (empty lines included); empty while nothing is shown.</param>
/// <param name="Problem">Why the panel shows nothing or an old picture, or null.</param>
internal sealed record DisplayStatus(string Driver, IReadOnlyList<string> Lines, string? Problem);

using Edge.Gpio.Tests.Support;

namespace Edge.Display.Tests.Support;

/// <summary>A <see cref="StatusDisplay"/> on an emulated panel, with its log.</summary>
internal sealed class TestPanel : IDisposable
{
    public TestPanel(DisplayRotation rotation = DisplayRotation.Normal, bool answering = true)
    {
        Options = new DisplayOptions(1, 0x3C, rotation);
        Device = new FakeI2cDevice(new Ssd1306Emulator()) { Answering = answering };
        Display = StatusDisplay.Open(Options, Log, "/etc/edge/edge.toml", _ => Device);
    }

    public DisplayOptions Options { get; }

    public FakeI2cDevice Device { get; }

    public Ssd1306Emulator Emulator => Device.Panel;

    public ListLogger Log { get; } = new();

    public StatusDisplay? Display { get; }

    public StatusDisplay Open => Display ?? throw new InvalidOperationException("the display did not open: " + string.Join("; ", Log.Entries.Select(e => e.Message)));

    public void Dispose() => Display?.Dispose();
}

using System.Device.I2c;
using Edge.Display.Panel;
using Edge.Display.Rendering;
using Microsoft.Extensions.Logging;

namespace Edge.Display;

/// <summary>
/// The OLED status display: shows a <see cref="StatusView"/> on an SSD1306/SSD1309 panel and
/// redraws only when the view changed. The display is never a reason to stop streaming: a
/// missing bus or panel is one log line, after which <see cref="Show"/> does nothing; a panel
/// that stops answering later is said once and tried again at the next change.
/// </summary>
/// <remarks>Not thread-safe: one caller (the host's refresh loop) at a time.</remarks>
public sealed class StatusDisplay : IDisposable
{
    private readonly DisplayOptions _options;
    private readonly Func<DisplayOptions, I2cDevice> _openDevice;
    private readonly ILogger _log;
    private Ssd1306Panel? _panel;
    private StatusView? _shownView;
    private bool _failing;

    private StatusDisplay(DisplayOptions options, Func<DisplayOptions, I2cDevice> openDevice, Ssd1306Panel panel, ILogger log)
    {
        _options = options;
        _openDevice = openDevice;
        _panel = panel;
        _log = log;
    }

    /// <summary>
    /// Opens the panel <paramref name="options"/> names, or logs why it cannot and returns null.
    /// </summary>
    /// <param name="options">Bus, address and mounting.</param>
    /// <param name="log">Where problems are said.</param>
    /// <param name="configFile">The config file, named in the log when the display is not there.</param>
    /// <param name="openDevice">Opens the I2C device; the real <c>/dev/i2c-N</c> unless a test says otherwise.</param>
    /// <param name="devDirectory">Where the bus device files are.</param>
    public static StatusDisplay? Open(DisplayOptions options, ILogger log, string configFile, Func<DisplayOptions, I2cDevice>? openDevice = null, string devDirectory = "/dev") =>
        Open(options, log, configFile, out _, openDevice, devDirectory);

    /// <inheritdoc cref="Open(DisplayOptions, ILogger, string, Func{DisplayOptions, I2cDevice}?, string)"/>
    /// <param name="problem">Why the panel could not be opened, in a few words for a status page; null when it opened.</param>
    public static StatusDisplay? Open(DisplayOptions options, ILogger log, string configFile, out string? problem, Func<DisplayOptions, I2cDevice>? openDevice = null, string devDirectory = "/dev")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        problem = null;
        var busPath = Path.Combine(devDirectory, $"i2c-{options.Bus}");
        if (openDevice is null && !File.Exists(busPath))
        {
            DisplayLog.NoBus(log, options.Bus, busPath, configFile);
            problem = $"no I2C bus {options.Bus} ({busPath} does not exist)";
            return null;
        }
        openDevice ??= OpenI2cDevice;
        try
        {
            var panel = Ssd1306Panel.Open(openDevice(options), options.Rotation);
            DisplayLog.Opened(log, options.ToString());
            return new StatusDisplay(options, openDevice, panel, log);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DisplayLog.NoPanel(log, options.ToString(), e.Message, options.Bus, configFile);
            problem = $"no panel at {options} ({e.Message})";
            return null;
        }
    }

    /// <summary>Why the panel is not showing the last view (it stopped answering), or null while it is.</summary>
    public string? Problem { get; private set; }

    /// <summary>Shows <paramref name="view"/> unless it is what the panel already shows.</summary>
    public void Show(StatusView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.Equals(_shownView) && !_failing)
            return;
        try
        {
            _panel ??= Ssd1306Panel.Open(_openDevice(_options), _options.Rotation);
            _panel.Show(StatusScreen.Render(view));
            _shownView = view;
            if (_failing)
                DisplayLog.Recovered(_log, _options.ToString());
            _failing = false;
            Problem = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_failing)
                DisplayLog.WriteFailed(_log, _options.ToString(), e.Message);
            _failing = true;
            Problem = $"stopped answering ({e.Message}); tried again at the next change";
            // Start again from a fresh device and a full picture: the panel may have lost power.
            _panel?.Dispose();
            _panel = null;
        }
    }

    /// <summary>Darkens the panel and releases the bus; a dark panel says edge is not running.</summary>
    public void Dispose()
    {
        if (_panel is null)
            return;
        try
        {
            _panel.TurnOff();
        }
        catch (IOException)
        {
            // Stopping anyway; a panel that does not answer cannot be darkened.
        }
        _panel.Dispose();
        _panel = null;
    }

    private static I2cDevice OpenI2cDevice(DisplayOptions options) =>
        I2cDevice.Create(new I2cConnectionSettings(options.Bus, options.Address));
}

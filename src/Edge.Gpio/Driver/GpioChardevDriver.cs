using System.Device.Gpio;

namespace Edge.Gpio;

/// <summary>
/// A <see cref="GpioDriver"/> over one chip's GPIO character device (<c>/dev/gpiochipN</c>, the
/// kernel's uAPI v2, Linux 5.10+): put it under a <see cref="GpioController"/>. Pin numbers are
/// the chip's line offsets. It needs no native library (no libgpiod of either soname), works
/// on every kernel Raspberry Pi OS ships, and opens the chip it is told by path, name or label
/// (<see cref="Open"/>), never by guessing the board.
/// </summary>
/// <remarks>
/// <para>
/// Each pin is its own line request, taken in <c>OpenPin</c> and released in <c>ClosePin</c>
/// (the controller's dispose closes every pin). Modes map to the request's flags: inputs with
/// pull-up or pull-down ask for the kernel's bias; what a controller cannot say, the active
/// level and debounce, come from <see cref="GpioLineSettings"/> and apply to every line.
/// </para>
/// <para>
/// Callbacks run on a thread per line (<see cref="GpioLineSettings.EventThreadName"/>) and
/// receive <see cref="GpioEdgeEventArgs"/> (the kernel's timestamp and sequence number), and a
/// final <see cref="GpioLineFailedEventArgs"/> if the line can no longer be read.
/// </para>
/// </remarks>
public sealed class GpioChardevDriver : GpioDriver
{
    private readonly GpioChip _chip;
    private readonly GpioLineSettings _settings;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, GpioLineRequest> _lines = [];

    /// <summary>A driver over <paramref name="chip"/>, which it owns from now on.</summary>
    public GpioChardevDriver(GpioChip chip, GpioLineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(chip);
        ArgumentNullException.ThrowIfNull(settings);
        _chip = chip;
        _settings = settings;
    }

    /// <summary>The chip, its info and its lines (to find a line by name).</summary>
    public GpioChip Chip => _chip;

    /// <inheritdoc />
    protected override int PinCount => _chip.Info.LineCount;

    /// <summary>
    /// Opens the chip named by path (<c>/dev/gpiochip0</c>), name (<c>gpiochip0</c>) or label
    /// (<c>pinctrl-bcm2711</c>, <c>pinctrl-rp1</c>) and makes a driver over it.
    /// </summary>
    /// <exception cref="GpioException">No such chip (the message lists those there are), or no permission.</exception>
    public static GpioChardevDriver Open(string chip, GpioLineSettings settings, string devDirectory = GpioChip.DefaultDevDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new GpioChardevDriver(GpioChip.Open(chip, devDirectory), settings);
    }

    /// <inheritdoc />
    public override System.Device.Gpio.GpioChipInfo GetChipInfo()
    {
        var info = _chip.Info;
        var number = info.Name.StartsWith("gpiochip", StringComparison.Ordinal)
            && int.TryParse(info.Name.AsSpan("gpiochip".Length), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
        return new System.Device.Gpio.GpioChipInfo(number, info.Name, info.Label, info.LineCount);
    }

    /// <inheritdoc />
    protected override void OpenPin(int pinNumber)
    {
        lock (_lock)
        {
            if (_lines.ContainsKey(pinNumber))
                return;
            CheckPin(pinNumber);
            _lines.Add(pinNumber, GpioLineRequest.Open(_chip, pinNumber, _settings, this));
        }
    }

    /// <inheritdoc />
    protected override void ClosePin(int pinNumber)
    {
        GpioLineRequest? line;
        lock (_lock)
        {
            if (!_lines.Remove(pinNumber, out line))
                return;
        }
        line.Dispose();
    }

    /// <inheritdoc />
    protected override void SetPinMode(int pinNumber, PinMode mode) => Line(pinNumber).SetMode(mode, null);

    /// <inheritdoc />
    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue) => Line(pinNumber).SetMode(mode, initialValue);

    /// <inheritdoc />
    protected override PinMode GetPinMode(int pinNumber) => Line(pinNumber).Mode;

    /// <inheritdoc />
    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;

    /// <inheritdoc />
    protected override PinValue Read(int pinNumber) => Line(pinNumber).Read();

    /// <inheritdoc />
    protected override void Write(int pinNumber, PinValue value) => Line(pinNumber).Write(value);

    /// <inheritdoc />
    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        Line(pinNumber).WaitForEvent(eventTypes, cancellationToken);

    /// <inheritdoc />
    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        Line(pinNumber).AddCallback(eventTypes, callback);

    /// <inheritdoc />
    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        Line(pinNumber).RemoveCallback(callback);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            GpioLineRequest[] lines;
            lock (_lock)
            {
                lines = [.. _lines.Values];
                _lines.Clear();
            }
            foreach (var line in lines)
                line.Dispose();
            _chip.Dispose();
        }
        base.Dispose(disposing);
    }

    private GpioLineRequest Line(int pinNumber)
    {
        lock (_lock)
        {
            return _lines.TryGetValue(pinNumber, out var line)
                ? line
                : throw new InvalidOperationException($"Line {pinNumber} of {_chip.Info} is not open.");
        }
    }

    private void CheckPin(int pinNumber)
    {
        if (pinNumber < 0 || pinNumber >= _chip.Info.LineCount)
            throw new ArgumentOutOfRangeException(nameof(pinNumber), pinNumber, $"{_chip.Info} has lines 0 to {_chip.Info.LineCount - 1}.");
    }
}

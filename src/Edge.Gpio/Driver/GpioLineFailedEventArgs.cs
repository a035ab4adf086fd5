using System.Device.Gpio;

namespace Edge.Gpio;

/// <summary>
/// The last thing a callback registered through <see cref="GpioChardevDriver"/> receives when its
/// line can no longer be read (the chip went away): <see cref="PinValueChangedEventArgs.ChangeType"/>
/// is <see cref="PinEventTypes.None"/> and <see cref="Error"/> says why. No edges follow.
/// </summary>
public sealed class GpioLineFailedEventArgs : PinValueChangedEventArgs
{
    /// <summary>Creates the arguments.</summary>
    public GpioLineFailedEventArgs(int pinNumber, IOException error)
        : base(PinEventTypes.None, pinNumber)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>Why the line failed, naming the chip and line.</summary>
    public IOException Error { get; }
}

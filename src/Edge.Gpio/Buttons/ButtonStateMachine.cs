namespace Edge.Gpio.Buttons;

/// <summary>
/// Turns raw button levels into presses: a pure, clock-driven state machine (times are whatever
/// monotonic <see cref="TimeSpan"/>s the caller uses; nothing here reads a clock).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Debounce: a level counts only once it has held for the debounce time. A bounce (a level
/// that flips back sooner) is ignored.</item>
/// <item>Short press: pressed and released, held for less than the long-press time; reported at
/// the (debounced) release.</item>
/// <item>Long press: reported as soon as the button has been held for the long-press time,
/// without waiting for the release; that release then reports nothing.</item>
/// <item>Hold times run from the edge that started the settled press to the edge that started
/// the settled release, so debouncing does not lengthen or shorten them; a long press is not
/// reported while a release is still settling.</item>
/// <item>A button already held when watching starts reports nothing until it is released.</item>
/// </list>
/// Call <see cref="OnLevel"/> for each edge and <see cref="Advance"/> when time passes (by
/// <see cref="NextDeadline"/> at the latest).
/// </remarks>
public sealed class ButtonStateMachine
{
    private readonly TimeSpan _debounce;
    private readonly TimeSpan _longPress;
    private bool _pressed;
    private bool? _candidate;
    private TimeSpan _candidateSince;
    private TimeSpan _pressedAt;
    private bool _suppressed;

    /// <summary>Creates the machine.</summary>
    /// <param name="debounce">How long a level must hold to count (0 accepts every edge).</param>
    /// <param name="longPress">How long a hold is a long press; longer than the debounce.</param>
    /// <param name="initiallyPressed">The button's level when watching starts.</param>
    public ButtonStateMachine(TimeSpan debounce, TimeSpan longPress, bool initiallyPressed = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(debounce, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(longPress, debounce);
        _debounce = debounce;
        _longPress = longPress;
        _pressed = initiallyPressed;
        _suppressed = initiallyPressed;
    }

    /// <summary>The debounced level.</summary>
    public bool IsPressed => _pressed;

    /// <summary>When <see cref="Advance"/> may next report something or settle a level; null when only an edge can change anything.</summary>
    public TimeSpan? NextDeadline =>
        _candidate is not null ? _candidateSince + _debounce
        : _pressed && !_suppressed ? _pressedAt + _longPress
        : null;

    /// <summary>
    /// The raw line was seen at <paramref name="pressed"/> at <paramref name="at"/> (an edge).
    /// First settles whatever was due before it; returns a press that completed.
    /// </summary>
    public ButtonPress OnLevel(bool pressed, TimeSpan at)
    {
        var before = Advance(at);
        if (pressed == _pressed)
        {
            _candidate = null;                  // a bounce back to the settled level
        }
        else if (_candidate != pressed)
        {
            _candidate = pressed;               // a new level starts its debounce time
            _candidateSince = at;
        }
        // A repeated edge of the pending level keeps its first time.
        var after = Advance(at);
        return before != ButtonPress.None ? before : after;
    }

    /// <summary>Time has reached <paramref name="now"/>; returns a press that completed.</summary>
    public ButtonPress Advance(TimeSpan now)
    {
        if (_candidate is { } level && now - _candidateSince >= _debounce)
        {
            _candidate = null;
            _pressed = level;
            if (level)
            {
                _pressedAt = _candidateSince;
                _suppressed = false;
            }
            else
            {
                var held = _candidateSince - _pressedAt;
                var report = !_suppressed && held < _longPress;
                _suppressed = false;
                return report ? ButtonPress.Short : ButtonPress.None;
            }
        }
        // While a release is pending it is not yet known whether the hold ended in time.
        if (_pressed && !_suppressed && _candidate is null && now - _pressedAt >= _longPress)
        {
            _suppressed = true;
            return ButtonPress.Long;
        }
        return ButtonPress.None;
    }
}

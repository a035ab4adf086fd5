namespace Edge.Status;

/// <summary>The LEDs and the button as the status page shows them.</summary>
/// <param name="Leds">Each configured LED, in <c>[leds]</c> order.</param>
/// <param name="Button">The button, or null when none is configured.</param>
internal sealed record GpioStatus(IReadOnlyList<LedStatus> Leds, ButtonStatus? Button);

/// <summary>One status LED.</summary>
/// <param name="Role">What it shows, as <c>[leds]</c> names it: status, upstream, clients.</param>
/// <param name="Chip">Its GPIO chip, as configured.</param>
/// <param name="Line">Its line, as configured (a name such as <c>GPIO17</c>, or an offset).</param>
/// <param name="Pattern">What it does now: off, on, slow-blink, blink, fast-blink, double-blink; "unavailable" when it cannot be driven.</param>
/// <param name="Problem">Why it cannot be driven, or null.</param>
internal sealed record LedStatus(string Role, string Chip, string Line, string Pattern, string? Problem);

/// <summary>The button.</summary>
/// <param name="Chip">Its GPIO chip, as configured.</param>
/// <param name="Line">Its line, as configured.</param>
/// <param name="LastPress">"short" or "long", or null before the first press.</param>
/// <param name="LastPressAt">When it was last pressed, or null.</param>
/// <param name="Problem">Why it is not watched, or null.</param>
internal sealed record ButtonStatus(string Chip, string Line, string? LastPress, DateTimeOffset? LastPressAt, string? Problem);

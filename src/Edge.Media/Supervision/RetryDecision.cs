namespace Edge.Media.Supervision;

/// <summary>What a <see cref="RetryLoop"/> decided about one failure.</summary>
/// <param name="Delay">How long to wait before the next attempt.</param>
/// <param name="IsNewReason">
/// True when the reason differs from the previous failure's (or things had worked since): log it
/// as a warning or an error. False for a repeat, which goes to debug, so that a camera unplugged
/// for a week or a server down for a month does not fill the journal.
/// </param>
public readonly record struct RetryDecision(TimeSpan Delay, bool IsNewReason);

namespace Edge.EndToEnd.Tests.Support;

/// <summary>
/// A test in headless chromium. xunit 2 cannot skip at run time, so the decision is made when the
/// test is discovered: without chromium, node or the driver it is skipped on a developer's
/// machine, saying what to install; under CI=true it runs and fails, so a CI that lost its browser
/// cannot pass quietly.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && HeadlessChromium.Missing() is { } missing)
            Skip = $"{missing} (set CI=true to make this a failure)";
    }
}

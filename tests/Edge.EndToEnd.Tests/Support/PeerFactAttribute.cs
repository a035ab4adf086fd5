namespace Edge.EndToEnd.Tests.Support;

/// <summary>
/// A test that needs an outside peer (a browser, an ONVIF client). xunit 2 cannot skip at run
/// time, so the decision is made when the test is discovered: without the peer it is skipped on a
/// developer's machine, saying what to install; under CI=true it runs and fails, so a CI that lost
/// its peer cannot pass quietly.
/// </summary>
public abstract class PeerFactAttribute : FactAttribute
{
    /// <param name="missing">What is missing and how to get it, or null when the peer is there.</param>
    protected PeerFactAttribute(string? missing)
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && missing is not null)
            Skip = $"{missing} (set CI=true to make this a failure)";
    }
}

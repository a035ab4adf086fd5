namespace Edge.EndToEnd.Tests.Support;

/// <summary>
/// A test with the npm ONVIF client. Skipped on a developer's machine without node or the package,
/// saying what to install; under CI=true it runs and fails, so a CI that lost its client cannot
/// pass quietly.
/// </summary>
public sealed class OnvifFactAttribute : FactAttribute
{
    public OnvifFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && OnvifClient.Missing() is { } missing)
            Skip = $"{missing} (set CI=true to make this a failure)";
    }

    /// <summary>The test makes network namespaces (ip netns), which only root may: skipped otherwise, saying so.</summary>
    public bool NeedsNetworkNamespaces
    {
        get => false;
        init
        {
            if (value && Skip is null && !string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
                Skip = "needs root to make network namespaces (ip netns); the unicast probe is tested in Edge.Onvif.Tests";
        }
    }
}

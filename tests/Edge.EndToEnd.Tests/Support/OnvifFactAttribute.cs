namespace Edge.EndToEnd.Tests.Support;

/// <summary>A test with the npm onvif client: skipped without node or the package, but under CI=true (see <see cref="PeerFactAttribute"/>).</summary>
public sealed class OnvifFactAttribute() : PeerFactAttribute(OnvifClient.Missing())
{
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

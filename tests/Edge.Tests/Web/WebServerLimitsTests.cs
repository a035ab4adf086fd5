using Edge.Web;

namespace Edge.Tests.Web;

public sealed class WebServerLimitsTests
{
    [Fact]
    public void Live_viewers_get_connections_of_their_own_on_top_of_the_pages_as_the_cameras_change()
    {
        var cameras = 3;
        var limits = WebServerLimits.Default.WithLiveViewers(() => cameras, viewersPerCamera: 8);

        Assert.Equal(WebServerLimits.Default.MaxConnections, limits.MaxConnections);
        Assert.Equal(WebServerLimits.Default.MaxConnections + 24, limits.ConnectionsAllowedNow());
        cameras = 5;
        Assert.Equal(WebServerLimits.Default.MaxConnections + 40, limits.ConnectionsAllowedNow());
    }

    [Fact]
    public void Without_live_viewers_only_the_pages_connections_are_allowed()
    {
        Assert.Equal(WebServerLimits.Default.MaxConnections, WebServerLimits.Default.ConnectionsAllowedNow());
    }
}

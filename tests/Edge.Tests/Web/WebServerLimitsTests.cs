using Edge.Web;

namespace Edge.Tests.Web;

public sealed class WebServerLimitsTests
{
    [Fact]
    public void Live_viewers_get_connections_of_their_own_on_top_of_the_pages()
    {
        var limits = WebServerLimits.Default.WithLiveViewers(cameras: 3, viewersPerCamera: 8);

        Assert.Equal(WebServerLimits.Default.MaxConnections + 24, limits.MaxConnections);
        Assert.Equal(WebServerLimits.Default with { MaxConnections = limits.MaxConnections }, limits);
    }
}

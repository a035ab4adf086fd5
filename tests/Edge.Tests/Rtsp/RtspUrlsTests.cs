using System.Net;
using System.Net.Sockets;
using Edge.Rtsp;

namespace Edge.Tests.Rtsp;

public sealed class RtspUrlsTests
{
    [Fact]
    public void ASpecificListenAddress_IsTheOnlyUrl()
    {
        Assert.Equal(["rtsp://192.168.1.20:8554/front"], RtspUrls.For(IPAddress.Parse("192.168.1.20"), 8554, "front"));
        Assert.Equal(["rtsp://[fd00::5]:554/back"], RtspUrls.For(IPAddress.Parse("fd00::5"), 554, "back"));
    }

    [Fact]
    public void TheWildcard_ListsAddressesAClientCanUse_NeverTheWildcardItself()
    {
        var urls = RtspUrls.For(IPAddress.Any, 8554, "cam");

        Assert.NotEmpty(urls);
        foreach (var url in urls)
        {
            var uri = new Uri(url);
            Assert.Equal(("rtsp", 8554, "/cam"), (uri.Scheme, uri.Port, uri.AbsolutePath));
            var address = IPAddress.Parse(uri.Host);
            Assert.Equal(AddressFamily.InterNetwork, address.AddressFamily);
            Assert.False(IPAddress.Any.Equals(address));
            // Loopback only when the host has nothing else: a LAN client cannot use it.
            Assert.True(!IPAddress.IsLoopback(address) || urls.Count == 1, string.Join(" ", urls));
        }
    }
}

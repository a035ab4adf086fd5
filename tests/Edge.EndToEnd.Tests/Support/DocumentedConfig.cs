namespace Edge.EndToEnd.Tests.Support;

/// <summary>
/// A copy of the documented config (config/edge.toml, what README's run command uses), moved onto
/// loopback and free ports: tests never listen on the LAN. Deleted on dispose.
/// </summary>
internal sealed record DocumentedConfig(string Path, int RtspPort, int HttpPort) : IDisposable
{
    public static DocumentedConfig OnLoopback()
    {
        var rtspPort = Ports.NextPair();
        var httpPort = Ports.NextPair();
        var text = File.ReadAllText(EdgeBinary.RepoFile("config", "edge.toml"))
            .Replace("listen = \"0.0.0.0:8554\"", $"listen = \"127.0.0.1:{rtspPort}\"", StringComparison.Ordinal)
            .Replace("udp_rtp_port = 8000", $"udp_rtp_port = {Ports.NextPair()}", StringComparison.Ordinal)
            .Replace("multicast_port = 8002", $"multicast_port = {Ports.NextPair()}", StringComparison.Ordinal)
            .Replace("listen = \"127.0.0.1:8080\"", $"listen = \"127.0.0.1:{httpPort}\"", StringComparison.Ordinal);
        Assert.DoesNotContain("listen = \"0.0.0.0", text, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{httpPort}", text, StringComparison.Ordinal);
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"edge-e2e-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, text);
        return new DocumentedConfig(path, rtspPort, httpPort);
    }

    public void Dispose() => File.Delete(Path);
}

using System.Globalization;

namespace Edge.Tests.Shared.Peers;

/// <summary>
/// stunnel in front of a plain TCP server, as a TLS terminator: the way rtmps:// ingests are
/// built (YouTube, Facebook and self-hosted nginx-rtmp behind stunnel or a load balancer).
/// </summary>
public sealed class StunnelTlsTerminator : IDisposable
{
    public const string StunnelPath = "/usr/bin/stunnel4";

    private readonly PeerProcess _process;
    private readonly string _directory;

    private StunnelTlsTerminator(PeerProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public static bool IsInstalled => File.Exists(StunnelPath);

    /// <summary>The TLS port on 127.0.0.1.</summary>
    public int Port { get; }

    public string Output => _process.Output;

    /// <summary>
    /// Starts stunnel on a free port, presenting <paramref name="certificatePem"/> (with its key in
    /// <paramref name="keyPem"/>) and forwarding the decrypted bytes to 127.0.0.1:<paramref name="targetPort"/>.
    /// </summary>
    public static async Task<StunnelTlsTerminator> StartAsync(int targetPort, string certificatePem, string keyPem)
    {
        var directory = Directory.CreateTempSubdirectory("edge-stunnel-").FullName;
        var port = LoopbackPorts.GetFree();
        var config = Path.Combine(directory, "stunnel.conf");
        File.WriteAllText(config, $"""
            foreground = yes
            pid =
            debug = warning
            [rtmps]
            accept = 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}
            connect = 127.0.0.1:{targetPort.ToString(CultureInfo.InvariantCulture)}
            cert = {certificatePem}
            key = {keyPem}
            """);
        var process = PeerProcess.Start(StunnelPath, [config], directory);
        var terminator = new StunnelTlsTerminator(process, directory, port);
        try
        {
            await LoopbackPorts.WaitUntilListeningAsync(port, process, TimeSpan.FromSeconds(10));
            return terminator;
        }
        catch
        {
            terminator.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

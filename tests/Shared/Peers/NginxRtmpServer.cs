using System.Globalization;

namespace Edge.Tests.Shared.Peers;

/// <summary>
/// nginx with Debian's RTMP module (libnginx-mod-rtmp) on 127.0.0.1, in a temporary directory of
/// its own (config, pid, logs), in the foreground and as a single process, so killing it kills
/// the server, and it can be started again on the same port.
/// </summary>
/// <remarks>
/// The application is <c>live on; record off;</c> plus <c>wait_key on; wait_video on;</c>, so a
/// player that joins mid-stream starts at a keyframe, as a real ingest's players would.
/// </remarks>
public sealed class NginxRtmpServer : IDisposable
{
    public const string NginxPath = "/usr/sbin/nginx";
    public const string ModulePath = "/usr/lib/nginx/modules/ngx_rtmp_module.so";

    private PeerProcess? _process;

    private NginxRtmpServer(string directory, int port, string application)
    {
        Directory = directory;
        Port = port;
        Application = application;
    }

    /// <summary>True when nginx and its RTMP module are installed (tests/prerequisites.sh).</summary>
    public static bool IsInstalled => File.Exists(NginxPath) && File.Exists(ModulePath);

    public string Directory { get; }

    public int Port { get; }

    public string Application { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The publish or play URL of <paramref name="streamKey"/>.</summary>
    public string Url(string streamKey) => $"rtmp://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{Application}/{streamKey}";

    /// <summary>nginx's error log so far (connections, publishes, errors at "info" level).</summary>
    public string ErrorLog => File.Exists(Path.Combine(Directory, "error.log")) ? File.ReadAllText(Path.Combine(Directory, "error.log")) : "";

    /// <summary>Starts nginx on a free port (or <paramref name="port"/>) and waits until it listens.</summary>
    public static async Task<NginxRtmpServer> StartAsync(int? port = null, string application = "live")
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("edge-nginx-").FullName;
        var server = new NginxRtmpServer(directory, port ?? LoopbackPorts.GetFree(), application);
        try
        {
            File.WriteAllText(Path.Combine(directory, "nginx.conf"), server.Config());
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts nginx again on the same port after <see cref="KillAsync"/>.</summary>
    public async Task StartAgainAsync()
    {
        _process?.Dispose();
        _process = PeerProcess.Start(NginxPath,
            ["-p", Directory + "/", "-c", Path.Combine(Directory, "nginx.conf"), "-e", Path.Combine(Directory, "error.log")], Directory);
        await LoopbackPorts.WaitUntilListeningAsync(Port, _process, TimeSpan.FromSeconds(10));
    }

    /// <summary>Kills nginx at once (SIGKILL): every connection drops without a goodbye. Returns once the port is free.</summary>
    public async Task KillAsync()
    {
        _process?.Kill();
        // The kernel releases the listening socket with the process.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (LoopbackPorts.IsListening(Port) && DateTime.UtcNow < deadline)
            await Task.Delay(10);
    }

    public void Dispose()
    {
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Config() => $$"""
        load_module {{ModulePath}};
        daemon off;
        master_process off;
        worker_processes 1;
        pid {{Directory}}/nginx.pid;
        error_log {{Directory}}/error.log info;
        events {
            worker_connections 128;
        }
        rtmp {
            server {
                listen 127.0.0.1:{{Port}};
                chunk_size 4096;
                application {{Application}} {
                    live on;
                    record off;
                    wait_key on;
                    wait_video on;
                }
            }
        }
        """;
}

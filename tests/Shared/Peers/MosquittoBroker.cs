namespace Edge.Tests.Shared.Peers;

/// <summary>
/// Debian's mosquitto MQTT broker on 127.0.0.1, in a temporary directory of its own (config,
/// password file), in the foreground, without persistence; optionally with a user and password
/// required, and optionally speaking TLS only. Disposing kills it; it can be started again on the same port.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    public const string MosquittoPath = "/usr/sbin/mosquitto";
    public const string PasswdPath = "/usr/bin/mosquitto_passwd";

    private PeerProcess? _process;

    private MosquittoBroker(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    /// <summary>True when mosquitto and its clients are installed (tests/prerequisites.sh).</summary>
    public static bool IsInstalled => File.Exists(MosquittoPath) && File.Exists(PasswdPath) && File.Exists(MosquittoClient.SubPath);

    public string Directory { get; }

    public int Port { get; }

    /// <summary>The broker's process id while it runs (to stop and continue it: a broker that hangs).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("the broker is not started");

    /// <summary>What the broker logged so far (connections, wills, refusals).</summary>
    public string Output => _process?.Output ?? "";

    /// <summary>Writes the config for <paramref name="port"/> (a free one when null) without starting the broker yet.</summary>
    /// <param name="tls">The listener's certificate: with it, the port speaks MQTT over TLS only.</param>
    public static async Task<MosquittoBroker> CreateAsync(int? port = null, string? user = null, string? password = null, MosquittoTls? tls = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("edge-mosquitto-").FullName;
        var broker = new MosquittoBroker(directory, port ?? LoopbackPorts.GetFree());
        try
        {
            var passwordFile = Path.Combine(directory, "passwd");
            if (user is not null)
            {
                using var passwd = PeerProcess.Start(PasswdPath, ["-b", "-c", passwordFile, user, password ?? ""], directory);
                if (!await passwd.WaitForExitAsync(TimeSpan.FromSeconds(10)) || passwd.ExitCode != 0)
                    throw new InvalidOperationException($"mosquitto_passwd failed:\n{passwd.Output}");
            }
            // "user" keeps a broker started as root from switching to the mosquitto user, who could not read this directory.
            File.WriteAllText(Path.Combine(directory, "mosquitto.conf"), $"""
                user {Environment.UserName}
                listener {broker.Port} 127.0.0.1
                {(tls is null ? "" : $"cafile {tls.CaFile}\ncertfile {tls.CertificateFile}\nkeyfile {tls.KeyFile}")}
                persistence false
                log_dest stdout
                log_type error
                log_type warning
                log_type notice
                log_type information
                connection_messages true
                {(user is null ? "allow_anonymous true" : $"allow_anonymous false\npassword_file {passwordFile}")}
                """);
            return broker;
        }
        catch
        {
            broker.Dispose();
            throw;
        }
    }

    /// <summary>Starts a broker on a free port (or <paramref name="port"/>) and waits until it listens.</summary>
    public static async Task<MosquittoBroker> StartAsync(int? port = null, string? user = null, string? password = null, MosquittoTls? tls = null)
    {
        var broker = await CreateAsync(port, user, password, tls);
        try
        {
            await broker.StartAgainAsync();
            return broker;
        }
        catch
        {
            broker.Dispose();
            throw;
        }
    }

    /// <summary>Starts the broker (again, after <see cref="Kill"/>) on its port.</summary>
    public async Task StartAgainAsync()
    {
        _process?.Dispose();
        _process = PeerProcess.Start(MosquittoPath, ["-c", Path.Combine(Directory, "mosquitto.conf")], Directory);
        await LoopbackPorts.WaitUntilListeningAsync(Port, _process, TimeSpan.FromSeconds(10));
    }

    public void Kill() => _process?.Kill();

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
}

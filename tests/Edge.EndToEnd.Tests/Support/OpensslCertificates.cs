using Edge.Tests.Shared.Peers;

namespace Edge.EndToEnd.Tests.Support;

/// <summary>
/// A home broker's certificates as its owner makes them: with the <c>openssl</c> command line,
/// a private CA (ECDSA P-256, valid for two days) and a server certificate it signed (for
/// <c>localhost</c> and 127.0.0.1 unless told otherwise), as PEM files in a temporary directory.
/// </summary>
public sealed class OpensslCertificates : IDisposable
{
    private const string OpensslPath = "/usr/bin/openssl";

    private OpensslCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>The CA's certificate: what <c>tls_ca_file</c> and <c>mosquitto_sub --cafile</c> name.</summary>
    public string CaFile => Path.Combine(Directory, "ca.pem");

    public string ServerCertificateFile => Path.Combine(Directory, "server.pem");

    public string ServerKeyFile => Path.Combine(Directory, "server.key");

    /// <summary>The listener's files for mosquitto.</summary>
    public MosquittoTls Listener => new(CaFile, ServerCertificateFile, ServerKeyFile);

    /// <summary>The server certificate's SHA-256 fingerprint as openssl prints it (AB:CD:…): what a user pastes into <c>tls_fingerprint</c>.</summary>
    public string ServerFingerprint { get; private set; } = "";

    /// <param name="subjectAltName">The names the server certificate is for, in openssl's words.</param>
    public static async Task<OpensslCertificates> CreateAsync(string subjectAltName = "DNS:localhost, IP:127.0.0.1")
    {
        var certificates = new OpensslCertificates(System.IO.Directory.CreateTempSubdirectory("edge-openssl-").FullName);
        try
        {
            File.WriteAllText(Path.Combine(certificates.Directory, "server.ext"),
                $"subjectAltName = {subjectAltName}\nbasicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = serverAuth\n");
            await certificates.RunAsync("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=Edge Test Home CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", "ca.key", "-out", "ca.pem");
            await certificates.RunAsync("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=Edge Test Broker",
                "-keyout", "server.key", "-out", "server.csr");
            await certificates.RunAsync("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
                "-extfile", "server.ext", "-out", "server.pem");
            var fingerprint = await certificates.RunAsync("x509", "-in", "server.pem", "-noout", "-fingerprint", "-sha256");
            // "sha256 Fingerprint=AB:CD:…" (the prefix's case differs between openssl versions)
            certificates.ServerFingerprint = fingerprint.Split('\n').Single(l => l.Contains("Fingerprint=", StringComparison.OrdinalIgnoreCase)).Split('=', 2)[1].Trim();
            return certificates;
        }
        catch
        {
            certificates.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<string> RunAsync(params string[] args)
    {
        using var openssl = PeerProcess.Start(OpensslPath, args, Directory);
        if (!await openssl.WaitForExitAsync(TimeSpan.FromSeconds(30)) || openssl.ExitCode != 0)
            throw new InvalidOperationException($"openssl {string.Join(' ', args)} failed:\n{openssl.Output}");
        return openssl.Output;
    }
}

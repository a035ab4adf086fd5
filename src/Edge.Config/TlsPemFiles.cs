using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Config;

/// <summary>
/// Checks a PEM certificate and key pair the way the web server will load it, so a missing,
/// unreadable, garbled or mismatched file is a located config error (from check-config too),
/// not a failure when the server starts.
/// </summary>
internal static class TlsPemFiles
{
    /// <summary>A problem with one of the two files, said with the fix.</summary>
    /// <param name="IsKey">True when the key file is at fault, false for the certificate.</param>
    public readonly record struct Problem(bool IsKey, string Message);

    private const string HowToMake =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 -subj /CN=edge-cam.local -keyout key.pem -out cert.pem makes a self-signed pair";

    /// <summary>Null when the pair loads; otherwise what is wrong.</summary>
    public static Problem? Check(string certificatePath, string keyPath)
    {
        if (ReadProblem(certificatePath, isKey: false) is { } certificateProblem)
            return certificateProblem;
        if (ReadProblem(keyPath, isKey: true) is { } keyProblem)
            return keyProblem;

        var certificateText = File.ReadAllText(certificatePath);
        if (!certificateText.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            return new Problem(false, $"{certificatePath} holds no PEM certificate (a \"-----BEGIN CERTIFICATE-----\" block); give the certificate file, not the key or a DER file ({HowToMake})");
        var keyText = File.ReadAllText(keyPath);
        if (keyText.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
            return new Problem(true, $"{keyPath} is encrypted with a passphrase, which edge cannot ask for; write it out unencrypted (openssl pkey -in {keyPath} -out key-plain.pem) and keep that file readable only by root and edge");
        if (!keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            return new Problem(true, $"{keyPath} holds no PEM private key (a \"-----BEGIN PRIVATE KEY-----\" block); give the key that goes with the certificate ({HowToMake})");

        try
        {
            using var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            if (!certificate.HasPrivateKey)
                return new Problem(true, $"{keyPath} is not the private key of the certificate in {certificatePath}");
            return null;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return new Problem(true, $"{keyPath} and {certificatePath} do not load as a pair ({e.Message.TrimEnd('.')}); check that the key is the certificate's own, in PEM");
        }
    }

    private static Problem? ReadProblem(string path, bool isKey)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new Problem(isKey, $"{path} does not exist; give the path of a PEM {(isKey ? "private key" : "certificate")} ({HowToMake}), or remove tls_certificate and tls_key to serve plain HTTP");
        }
        catch (UnauthorizedAccessException)
        {
            return new Problem(isKey, $"{path} cannot be read by this user (permission denied); under systemd edge runs as the user edge: sudo chgrp edge {path} && sudo chmod 640 {path}");
        }
        catch (IOException e)
        {
            return new Problem(isKey, $"{path} cannot be read ({e.Message.TrimEnd('.')})");
        }
    }
}

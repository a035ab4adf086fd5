using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Config;

/// <summary>
/// Checks a PEM certificate and key pair the way the web server will load it, and a file of
/// trusted CA certificates the way a TLS client will, so a missing, unreadable, garbled or
/// mismatched file is a located config error (from check-config too), not a failure when the
/// server starts or the client connects.
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
        const string OrPlainHttp = "or remove tls_certificate and tls_key to serve plain HTTP";
        if (ReadProblem(certificatePath, $"a PEM certificate ({HowToMake}), {OrPlainHttp}") is { } certificateProblem)
            return new Problem(false, certificateProblem);
        if (ReadProblem(keyPath, $"a PEM private key ({HowToMake}), {OrPlainHttp}") is { } keyProblem)
            return new Problem(true, keyProblem);

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

    /// <summary>
    /// Null when <paramref name="path"/> holds at least one PEM certificate that loads (a CA, or a
    /// server's self-signed certificate, to trust); otherwise what is wrong.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="alternative">The other way out, for the message: "remove tls_ca_file to trust only the system's CAs".</param>
    public static string? CheckTrustedCaFile(string path, string alternative)
    {
        const string WhatToGive = "the PEM file of the CA that signed the server's certificate, or of the server's self-signed certificate";
        if (ReadProblem(path, $"{WhatToGive}, or {alternative}") is { } problem)
            return problem;
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (CryptographicException e)
        {
            return $"{path} holds a certificate that does not load ({e.Message.TrimEnd('.')}); give {WhatToGive}, in PEM";
        }
        if (certificates.Count == 0)
            return $"{path} holds no PEM certificate (a \"-----BEGIN CERTIFICATE-----\" block); give {WhatToGive}, not a key or a DER file (openssl x509 -inform der -in CA.crt -out ca.pem converts one)";
        return null;
    }

    /// <summary>Null when the file can be opened for reading; otherwise why not, with what to give instead.</summary>
    private static string? ReadProblem(string path, string whatToGive)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return $"{path} does not exist; give the path of {whatToGive}";
        }
        catch (UnauthorizedAccessException)
        {
            return $"{path} cannot be read by this user (permission denied); under systemd edge runs as the user edge: sudo chgrp edge {path} && sudo chmod 640 {path}";
        }
        catch (IOException e)
        {
            return $"{path} cannot be read ({e.Message.TrimEnd('.')})";
        }
    }
}

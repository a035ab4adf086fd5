using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Edge.Auth;

namespace Edge.Rtmp.Client;

/// <summary>Opens the byte stream under an RTMP connection: TCP, and TLS on top for rtmps://.</summary>
internal static class RtmpTransport
{
    /// <summary>Connects to the URL's host and port; for rtmps://, authenticates the server with <paramref name="certificates"/>.</summary>
    /// <returns>The socket (to shut down on abort) and the stream to speak RTMP over.</returns>
    /// <exception cref="RtmpException">The server cannot be reached, or its certificate is not trusted.</exception>
    public static async Task<(Socket Socket, Stream Stream)> OpenAsync(RtmpUrl url, ServerCertificatePolicy? certificates, CancellationToken cancellationToken)
    {
        // A dual-mode socket reaches IPv4 and IPv6 hosts alike; ConnectAsync tries every address the name resolves to.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(url.Host, url.Port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw Unreachable(url, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var network = new NetworkStream(socket, ownsSocket: true);
        if (!url.IsTls)
            return (socket, network);

        var policy = certificates ?? throw new ArgumentNullException(nameof(certificates), "rtmps:// needs a certificate policy.");
        var tls = new SslStream(network, leaveInnerStreamOpen: false, policy.Validate);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = url.Host, // SNI, and the name the certificate must carry
                // No online revocation check: on a board with a flaky uplink an unreachable OCSP or
                // CRL server would stall every reconnect, and ingest certificates are short-lived.
                CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            }, cancellationToken).ConfigureAwait(false);
            return (socket, tls);
        }
        catch (AuthenticationException e) when (policy.Rejection is { } reason)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw Untrusted(url, policy, reason, e);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new RtmpException(RtmpFailure.Tls, $"{url.Redacted}: TLS with {url.Host} failed: {e.Message}", $"TLS failed: {e.Message}", e);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The few words a socket error deserves on the status page.</summary>
    public static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.TryAgain => "host name lookup failed (temporary)",
        SocketError.TimedOut => "timed out",
        SocketError.NetworkUnreachable or SocketError.NetworkDown => "network unreachable",
        SocketError.HostUnreachable or SocketError.HostDown => "host unreachable",
        SocketError.ConnectionReset => "connection reset by the server",
        SocketError.ConnectionAborted or SocketError.Shutdown => "connection lost",
        _ => e.Message,
    };

    private static RtmpException Unreachable(RtmpUrl url, SocketException e)
    {
        var detail = Describe(e);
        var hint = e.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => $"; is the server running and listening on port {url.Port}?",
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "; check the host name and the board's DNS",
            _ => "",
        };
        return new RtmpException(RtmpFailure.Unreachable, $"{url.Redacted}: cannot connect to {url.Host}:{url.Port}: {detail}{hint}", detail, e);
    }

    private static RtmpException Untrusted(RtmpUrl url, ServerCertificatePolicy policy, string reason, Exception inner)
    {
        var fix = policy.CaFile is null
            ? "If this is your own server, trust the PEM file of the CA that signed its certificate, or pin the certificate's SHA-256 fingerprint."
            : "Check that the trusted CA file holds the CA that signed the server's certificate, or pin the certificate's SHA-256 fingerprint.";
        return new RtmpException(RtmpFailure.Tls,
            $"{url.Redacted}: {policy.DescribeRefusal(reason)}. {fix}",
            $"TLS certificate of {url.Host} not trusted: {reason}", inner);
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Edge.Linux.Net;
using Edge.Media.Diagnostics;
using Edge.Media.Health;
using Edge.Media.Streaming;
using Edge.Rtsp.Protocol.Auth;
using Edge.Rtsp.Protocol.Messages;
using Edge.Rtsp.Protocol.Rtcp;
using Microsoft.Extensions.Logging;

namespace Edge.Rtsp.Server;

/// <summary>
/// The RTSP server: accepts connections, owns the sessions, the shared UDP ports and the
/// multicast groups, and runs the one heartbeat that enforces every timeout.
/// </summary>
/// <remarks>
/// Connections and sessions are separate objects, as in gortsplib: a UDP session outlives the TCP
/// connection that set it up (some clients close it while playing) and ends by TEARDOWN or by
/// silence; a TCP-interleaved session ends with its connection. Shutdown has two phases: every
/// connection is asked to close, then whatever is left is aborted.
/// </remarks>
public sealed class RtspServer : IAsyncDisposable, IRtspSessionList
{
    /// <summary>A connection that sends no complete request within this long after connecting is dropped.</summary>
    public static readonly TimeSpan FirstRequestTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    /// <summary>How often a repeated warning (a failed login, a refusal, a dead camera asked for) may be logged.</summary>
    private static readonly TimeSpan RepeatedWarningInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, RtspSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RtspConnection, Task> _connections = new();
    // By hub, not by path: a camera removed and added again by a reload has a new hub, which must
    // not be served by the group still reading the old one.
    private readonly ConcurrentDictionary<StreamHub, MulticastGroup> _multicast = new(ReferenceEqualityComparer.Instance);
    // One RTP stream per hub, made when a first client sets it up and kept while the hub lives:
    // its packets are made once for every session and the multicast group.
    private readonly ConcurrentDictionary<StreamHub, Lazy<RtpStream>> _rtpStreams = new(ReferenceEqualityComparer.Instance);
    private readonly LogThrottle _authFailureLog;
    private readonly LogThrottle _refusalLog;
    private readonly HealthModel? _health;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private Task _heartbeatLoop = Task.CompletedTask;
    private Task _rtcpLoop = Task.CompletedTask;

    /// <summary>Creates a server; <see cref="Start"/> binds its ports.</summary>
    /// <exception cref="ArgumentException">An option is out of range (see <see cref="RtspServerOptions.Validate"/>).</exception>
    public RtspServer(RtspServerOptions options, IRtspStreamCatalog catalog, HealthModel? health, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(log);
        options.Validate();
        Options = options;
        Catalog = catalog;
        Time = time;
        _health = health;
        _log = log;
        Authenticator = new RtspAuthenticator(options.AuthScheme, options.Users, options.Realm, time);
        _authFailureLog = new LogThrottle(RepeatedWarningInterval, time);
        _refusalLog = new LogThrottle(RepeatedWarningInterval, time);
        StreamNotReadyLog = new LogThrottle(RepeatedWarningInterval, time);
        SessionLimitLog = new LogThrottle(RepeatedWarningInterval, time);
        SessionVersion = (ulong)time.GetUtcNow().ToUnixTimeSeconds();
    }

    public RtspServerOptions Options { get; }

    public string DeviceName => Options.DeviceName;

    public TimeProvider Time { get; }

    /// <summary>"Camera not streaming" answers, logged at most once a minute per stream: NVRs retry a dead camera all day.</summary>
    internal LogThrottle StreamNotReadyLog { get; }

    /// <summary>SETUPs refused for want of a session slot, logged at most once a minute per limit.</summary>
    internal LogThrottle SessionLimitLog { get; }

    /// <summary>The TCP endpoint actually bound (port 0 picks a free one; tests use that).</summary>
    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint as IPEndPoint;

    public int SessionCount => _sessions.Count;

    public int ConnectionCount => _connections.Count;

    internal IRtspStreamCatalog Catalog { get; }

    internal RtspAuthenticator Authenticator { get; }

    internal RtspParserLimits ParserLimits { get; } = RtspParserLimits.Default;

    internal ulong SessionVersion { get; }

    internal UdpPortPair? UdpPorts { get; private set; }

    /// <summary>
    /// Binds the ports and starts serving. After a <see cref="RtspBindException"/> (a port in use,
    /// an address this host lacks) nothing is left bound, and Start may be called again.
    /// </summary>
    /// <exception cref="RtspBindException">A port cannot be bound; it says which one and why.</exception>
    public void Start()
    {
        var address = Options.Listen.Address;
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
                listener.DualMode = true;
            ListeningSocket.AllowRebindOverTimeWait(listener);
            listener.Bind(Options.Listen);
            listener.Listen(128);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new RtspBindException(RtspBindTarget.Listener, Options.Listen, e);
        }
        if (Options.Transports.HasFlag(RtpTransports.Udp))
        {
            try
            {
                UdpPorts = UdpPortPair.Bind(address, Options.UdpRtpPort);
            }
            catch
            {
                // Nothing stays bound, so the caller can simply call Start again later.
                listener.Dispose();
                throw;
            }
        }
        _listener = listener;
        if (UdpPorts is not null)
        {
            _rtcpLoop = Task.Run(() => ReceiveRtcpAsync(UdpPorts.Rtcp, _stopping.Token));
        }
        _acceptLoop = Task.Run(() => AcceptAsync(_stopping.Token));
        _heartbeatLoop = Task.Run(() => HeartbeatAsync(_stopping.Token));
        RtspLog.Listening(_log, LocalEndPoint?.ToString() ?? Options.Listen.ToString(), Options.Transports.ToString().ToLowerInvariant());
    }

    /// <summary>Stops: closes every connection and session, waits briefly, releases the ports.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_stopping.IsCancellationRequested)
            return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        foreach (var connection in _connections.Keys)
            connection.Close();
        foreach (var session in _sessions.Values)
            await EndSessionAsync(session, "server stopping").ConfigureAwait(false);
        var all = Task.WhenAll(_connections.Values.Append(_acceptLoop).Append(_heartbeatLoop).Append(_rtcpLoop));
        await Task.WhenAny(all, Task.Delay(grace, CancellationToken.None)).ConfigureAwait(false);
        UdpPorts?.Dispose();
        foreach (var group in _multicast.Values)
            await group.DisposeAsync().ConfigureAwait(false);
        // Out of the hubs, which outlive the server when only the RTSP settings changed.
        foreach (var stream in _rtpStreams.Values)
            stream.Value.Dispose();
        _rtpStreams.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <inheritdoc />
    public IReadOnlyList<RtspSessionInfo> PlayingSessions()
    {
        var playing = new List<RtspSessionInfo>(_sessions.Count);
        foreach (var session in _sessions.Values)
        {
            if (session.Describe() is { } info)
                playing.Add(info);
        }
        playing.Sort(static (a, b) => a.StartedAt.CompareTo(b.StartedAt));
        return playing;
    }

    internal RtspSession? FindSession(string id) => _sessions.TryGetValue(id, out var session) ? session : null;

    internal RtspSession CreateSession(string streamName, StreamHub hub, SessionTransport transport, RtspConnection owner)
    {
        var session = new RtspSession(streamName, RtpStreamOf(hub), transport, owner, Time, _log, ended => _ = EndSessionAsync(ended, "the client is gone"));
        _sessions[session.Id] = session;
        return session;
    }

    internal void OnPlaybackStarted(RtspSession session, string client)
    {
        RtspLog.Playing(_log, client, session.StreamName, session.Transport.ResponseHeader.Split(';')[0] + (session.Transport is UdpUnicastTransport ? " (UDP)" : ""), session.Id);
        _health?.RtspClientStarted(session.StreamName);
    }

    internal void OnPlaybackStopped(RtspSession session)
    {
        _health?.RtspClientStopped(session.StreamName);
    }

    internal async Task EndSessionAsync(RtspSession session, string reason)
    {
        if (!_sessions.TryRemove(session.Id, out _))
            return;
        var wasPlaying = session.State == RtspSessionState.Playing;
        await session.CloseAsync().ConfigureAwait(false);
        if (wasPlaying)
            OnPlaybackStopped(session);
        RtspLog.SessionEnded(_log, session.Id, session.StreamName, reason);
        // A TCP session whose client stopped reading takes its connection with it.
        if (session.Transport.BoundToConnection && reason == "the client is gone")
            session.Owner?.Close();
    }

    internal MulticastGroup? GetMulticastGroup(StreamHub hub, int index)
    {
        if (Options.MulticastAddress is not { } first)
            return null;
        var bytes = first.GetAddressBytes();
        var value = (uint)((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) + (uint)index;
        var address = new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        return _multicast.GetOrAdd(hub, _ => new MulticastGroup(RtpStreamOf(hub), address, Options.MulticastPort, Options.MulticastTtl, _log));
    }

    /// <summary>The hub's RTP stream, registered with the hub the first time a client asks for it.</summary>
    internal RtpStream RtpStreamOf(StreamHub hub) =>
        _rtpStreams.GetOrAdd(hub, h => new Lazy<RtpStream>(() => new RtpStream(h, Options.RtpPayloadSize))).Value;

    /// <summary>The address the client reached us on, for the SDP origin line.</summary>
    internal string LocalAddressFor(Socket socket) =>
        socket.LocalEndPoint is IPEndPoint local
            ? (local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address).ToString()
            : "0.0.0.0";

    /// <summary>Logs a failed login at most once a minute per client, never with the password.</summary>
    internal void ReportAuthFailure(string client, string user, string reason)
    {
        var host = client.Contains(':', StringComparison.Ordinal) ? client[..client.LastIndexOf(':')] : client;
        if (_authFailureLog.ShouldLog(host))
            RtspLog.AuthFailed(_log, client, reason, user);
    }

    private async Task AcceptAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // the client gave up between SYN and accept
            }
            socket.NoDelay = true;
            var connection = new RtspConnection(this, socket, _log);
            var overCapacity = _connections.Count >= Options.MaxClients;
            if (overCapacity && _refusalLog.ShouldLog(""))
                RtspLog.TooManyClients(_log, connection.Client, Options.MaxClients);
            _connections[connection] = ServeAsync(connection, overCapacity, stopping);
        }
    }

    private async Task ServeAsync(RtspConnection connection, bool overCapacity, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            await connection.RunAsync(overCapacity, stopping).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The boundary of a connection: nothing one client does may take the server down.
            RtspLog.ConnectionFailed(_log, connection.Client, e);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            _connections.TryRemove(connection, out _);
        }
    }

    /// <summary>One timer for every deadline: idle connections, silent UDP sessions.</summary>
    private async Task HeartbeatAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Heartbeat, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                foreach (var session in _sessions.Values)
                {
                    if (!session.Transport.BoundToConnection && session.IdleFor > Options.SessionTimeout)
                        await EndSessionAsync(session, $"no RTCP or keep-alive for {Options.SessionTimeout.TotalSeconds:0} s").ConfigureAwait(false);
                }
                await ReleaseEndedStreamsAsync().ConfigureAwait(false);
                foreach (var connection in _connections.Keys)
                {
                    var limit = connection.HasSpoken ? Options.SessionTimeout : FirstRequestTimeout;
                    if (!connection.HasPlayingSession && connection.IdleFor > limit)
                        connection.Close();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// What a stream that ended (its camera removed by a reload) leaves behind: its multicast
    /// sessions, which have no reader of their own to notice the end, and its group, whose sender
    /// stops and whose socket is closed. Unicast sessions end by themselves when their reader does.
    /// </summary>
    private async Task ReleaseEndedStreamsAsync()
    {
        foreach (var session in _sessions.Values)
        {
            if (session.Transport is MulticastTransport && session.Hub.IsCompleted)
                await EndSessionAsync(session, "the stream ended").ConfigureAwait(false);
        }
        foreach (var entry in _multicast)
        {
            if (entry.Key.IsCompleted && _multicast.TryRemove(entry))
            {
                RtspLog.MulticastReleased(_log, entry.Key.Name, entry.Value.Address.ToString());
                await entry.Value.DisposeAsync().ConfigureAwait(false);
            }
        }
        foreach (var entry in _rtpStreams)
        {
            if (entry.Key.IsCompleted && _rtpStreams.TryRemove(entry))
                entry.Value.Value.Dispose();
        }
    }

    /// <summary>Receiver reports and BYEs from UDP clients: the former keep sessions alive, the latter end them.</summary>
    private async Task ReceiveRtcpAsync(Socket socket, CancellationToken stopping)
    {
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable from a vanished client, and the like
            }
            if (received.RemoteEndPoint is not IPEndPoint from || !RtcpReader.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var summary))
                continue;
            var address = from.Address.IsIPv4MappedToIPv6 ? from.Address.MapToIPv4() : from.Address;
            foreach (var session in _sessions.Values)
            {
                if (session.Transport is UdpUnicastTransport udp && udp.ClientRtcp.Address.Equals(address) && udp.ClientRtcp.Port == from.Port)
                {
                    if (summary.HasBye)
                        await EndSessionAsync(session, "RTCP BYE").ConfigureAwait(false);
                    else
                        session.Touch();
                }
            }
        }
    }
}

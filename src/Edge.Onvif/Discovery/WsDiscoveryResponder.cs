using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Edge.Onvif.Discovery;

/// <summary>
/// WS-Discovery on UDP 3702: joins 239.255.255.250 on each interface, sends Hello there when it
/// starts and Bye when it stops, and answers each matching Probe with a ProbeMatch sent straight
/// back to the prober, naming the device service at the address of the interface the probe came in
/// on: a Probe to the group after a random wait (<see cref="ProbeMatchDelay"/>), one to this box
/// alone at once. Interfaces are looked at again every <see cref="RescanInterval"/>: a board starts Edge
/// before its network is up (Wi-Fi joins late), and one that appears is joined and greeted then.
/// Never throws out of its loops; a port it cannot bind is one warning and nothing more.
/// </summary>
public sealed class WsDiscoveryResponder : IAsyncDisposable
{
    public const int Port = 3702;
    public static readonly IPAddress Group = IPAddress.Parse("239.255.255.250");

    /// <summary>How often the interfaces are looked at again.</summary>
    public static readonly TimeSpan RescanInterval = TimeSpan.FromSeconds(30);

    private const int MaxDatagram = 65_507;

    /// <summary>
    /// Multicast answers waiting out their delay at once; probes beyond that (a flood, not NVRs
    /// searching) go unanswered rather than piling up.
    /// </summary>
    private const int MaxWaitingAnswers = 32;

    private readonly WsDiscoveryMessages _messages;
    private readonly IReadOnlyList<string> _scopes;
    private readonly Func<IPAddress, string> _xaddrsFor;
    private readonly Func<IReadOnlyList<DiscoveryInterface>> _interfacesNow;
    private volatile DiscoveryInterface[] _interfaces = [];
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly ProbeMatchDelay _delay;
    private readonly int _port;
    private int _waitingAnswers;
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Task _loop = Task.CompletedTask;
    private Task _rescan = Task.CompletedTask;

    /// <param name="messages">The messages, with the device's endpoint and scopes.</param>
    /// <param name="scopes">The device's scopes, for matching probes.</param>
    /// <param name="xaddrsFor">The device service URL at a local address.</param>
    /// <param name="interfaces">The interfaces to join the group on and announce on, as they are now (asked again every <see cref="RescanInterval"/>).</param>
    /// <param name="log">Where problems are reported.</param>
    /// <param name="port">The UDP port: 3702 but in tests.</param>
    /// <param name="time">The clock the rescans and the answers' delays wait on.</param>
    /// <param name="delay">How long to wait before each answer: <see cref="ProbeMatchDelay.Shared"/> but in tests.</param>
    public WsDiscoveryResponder(WsDiscoveryMessages messages, IReadOnlyList<string> scopes, Func<IPAddress, string> xaddrsFor, Func<IReadOnlyList<DiscoveryInterface>> interfaces, ILogger log, int port = Port, TimeProvider? time = null, ProbeMatchDelay? delay = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(xaddrsFor);
        ArgumentNullException.ThrowIfNull(interfaces);
        ArgumentNullException.ThrowIfNull(log);
        _messages = messages;
        _scopes = scopes;
        _xaddrsFor = xaddrsFor;
        _interfacesNow = interfaces;
        _time = time ?? TimeProvider.System;
        _delay = delay ?? ProbeMatchDelay.Shared;
        _log = log;
        _port = port;
    }

    /// <summary>Binds, joins, says Hello and starts answering. False (logged) when the port cannot be bound.</summary>
    public async Task<bool> StartAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Other WS-Discovery programs on the box (a second client, wsdd) share the port.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 1);
            socket.Bind(new IPEndPoint(IPAddress.Any, _port));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            WsDiscoveryLog.CannotBind(_log, _port, e.SocketErrorCode.ToString(), e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "another program holds it without sharing it",
                SocketError.AccessDenied => "the system refused it",
                _ => "the port cannot be used",
            });
            return false;
        }

        _socket = socket;
        var joined = await JoinNewAsync(cancellationToken).ConfigureAwait(false);
        if (joined.Count == 0)
            WsDiscoveryLog.NoInterfaces(_log);
        WsDiscoveryLog.Listening(_log, _port, Group.ToString(), joined.Count == 0 ? "no interface yet" : string.Join(", ", joined), _messages.Endpoint);
        _loop = Task.Run(() => AnswerAsync(socket, _stopping.Token), CancellationToken.None);
        _rescan = Task.Run(() => RescanAsync(_stopping.Token), CancellationToken.None);
        return true;
    }

    /// <summary>Says Bye on every interface and stops answering.</summary>
    public async Task StopAsync()
    {
        if (_socket is not { } socket || _stopping.IsCancellationRequested)
            return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _rescan.ConfigureAwait(false);
        foreach (var nic in _interfaces)
            await SendMulticastAsync(nic, _messages.Bye(), CancellationToken.None).ConfigureAwait(false);
        socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _socket?.Dispose();
        _stopping.Dispose();
    }

    private async Task AnswerAsync(Socket socket, CancellationToken stopping)
    {
        var buffer = new byte[MaxDatagram];
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                SocketReceiveMessageFromResult received;
                try
                {
                    received = await socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stopping).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    continue;
                }
                if (WsDiscoveryProbe.TryRead(buffer.AsMemory(0, received.ReceivedBytes)) is not { } probe
                    || !probe.Matches(WsDiscoveryMessages.DeviceTypes, _scopes))
                    continue;
                var client = (IPEndPoint)received.RemoteEndPoint;
                var local = LocalAddressFor(received.PacketInformation);
                var xaddrs = _xaddrsFor(local);
                var answer = _messages.ProbeMatches(probe.MessageId, xaddrs);
                var delay = _delay.For(multicast: Group.Equals(received.PacketInformation.Address));
                if (delay == TimeSpan.Zero)
                {
                    await SendAsync(socket, answer, client, stopping).ConfigureAwait(false);
                    WsDiscoveryLog.Answered(_log, client.ToString(), xaddrs);
                }
                else if (Interlocked.Increment(ref _waitingAnswers) > MaxWaitingAnswers)
                {
                    Interlocked.Decrement(ref _waitingAnswers);
                    WsDiscoveryLog.TooManyProbes(_log, client.ToString(), MaxWaitingAnswers);
                }
                else
                {
                    // Not awaited: the next probe is read while this answer waits. The task ends
                    // on its own (its errors are caught inside) and the count above bounds them.
                    _ = AnswerLaterAsync(socket, answer, client, xaddrs, delay, stopping);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            // The loop's boundary: discovery may stop, the daemon must not.
            WsDiscoveryLog.Failed(_log, e);
        }
    }

    /// <summary>Sends <paramref name="answer"/> after <paramref name="delay"/>, unless the responder stops first.</summary>
    private async Task AnswerLaterAsync(Socket socket, byte[] answer, IPEndPoint client, string xaddrs, TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
            await SendAsync(socket, answer, client, stopping).ConfigureAwait(false);
            WsDiscoveryLog.Answered(_log, client.ToString(), xaddrs);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            WsDiscoveryLog.Failed(_log, e);
        }
        finally
        {
            Interlocked.Decrement(ref _waitingAnswers);
        }
    }

    /// <summary>
    /// Joins the group on interfaces not joined before (or whose address changed) and says Hello
    /// there; forgets interfaces that went away (the kernel drops their membership itself).
    /// Returns the names of the interfaces joined now.
    /// </summary>
    private async Task<List<string>> JoinNewAsync(CancellationToken cancellationToken)
    {
        var joinedNow = new List<string>();
        if (_socket is not { } socket)
            return joinedNow;
        var known = _interfaces;
        var current = new List<DiscoveryInterface>();
        foreach (var nic in _interfacesNow())
        {
            if (known.Any(k => k.Index == nic.Index && k.Address.Equals(nic.Address)))
            {
                current.Add(nic);
                continue;
            }
            try
            {
                if (!known.Any(k => k.Index == nic.Index))
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(Group, nic.Index));
                current.Add(nic);
                joinedNow.Add(nic.Name);
            }
            catch (SocketException e)
            {
                WsDiscoveryLog.CannotJoin(_log, Group.ToString(), nic.Name, e.SocketErrorCode.ToString());
            }
        }
        _interfaces = [.. current];
        foreach (var nic in current.Where(n => joinedNow.Contains(n.Name)))
            await SendMulticastAsync(nic, _messages.Hello(_xaddrsFor(nic.Address)), cancellationToken).ConfigureAwait(false);
        return joinedNow;
    }

    private async Task RescanAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await Task.Delay(RescanInterval, _time, stopping).ConfigureAwait(false);
                var joined = await JoinNewAsync(stopping).ConfigureAwait(false);
                if (joined.Count > 0)
                    WsDiscoveryLog.Joined(_log, string.Join(", ", joined));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            WsDiscoveryLog.Failed(_log, e);
        }
    }

    /// <summary>The address of the interface a datagram came in on (a probe sent to the group names the group as its destination).</summary>
    private IPAddress LocalAddressFor(IPPacketInformation packet)
    {
        var interfaces = _interfaces;
        foreach (var nic in interfaces)
        {
            if (nic.Index == packet.Interface)
                return nic.Address;
        }
        // Sent to one of our addresses directly (a unicast probe): answer with that address.
        if (packet.Address is { } destination && !destination.Equals(Group) && !destination.Equals(IPAddress.Any))
            return destination;
        return interfaces.Length > 0 ? interfaces[0].Address : IPAddress.Loopback;
    }

    private async Task SendMulticastAsync(DiscoveryInterface nic, byte[] message, CancellationToken cancellationToken)
    {
        if (_socket is not { } socket)
            return;
        try
        {
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.HostToNetworkOrder(nic.Index));
            await socket.SendToAsync(message, SocketFlags.None, new IPEndPoint(Group, _port), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            WsDiscoveryLog.SendFailed(_log, $"{Group} on {nic.Name}", e.SocketErrorCode.ToString());
        }
    }

    private async Task SendAsync(Socket socket, byte[] message, IPEndPoint destination, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendToAsync(message, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            WsDiscoveryLog.SendFailed(_log, destination.ToString(), e.SocketErrorCode.ToString());
        }
    }
}

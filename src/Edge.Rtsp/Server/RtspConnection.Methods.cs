using System.Globalization;
using Edge.Auth;
using Edge.Media.H264;
using Edge.Media.Streaming;
using Edge.Rtsp.Protocol.Auth;
using Edge.Rtsp.Protocol.Messages;
using Edge.Rtsp.Protocol.Sdp;

namespace Edge.Rtsp.Server;

/// <summary>The RTSP methods, one handler each (RFC 2326 section 10, with RFC 7826's clarifications).</summary>
internal sealed partial class RtspConnection
{
    private const string PublicMethods = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER";

    /// <summary>How long DESCRIBE and PLAY wait for a camera that is starting.</summary>
    private static readonly TimeSpan StreamWait = TimeSpan.FromSeconds(5);

    private async Task HandleAsync(RtspRequest request, CancellationToken token)
    {
        if (request.CSeq < 0)
        {
            RtspLog.BadRequest(_log, Client, "no CSeq header");
            await RespondAsync(RtspStatusCodes.BadRequest, 0, token).ConfigureAwait(false);
            return;
        }
        if (request.Version != "RTSP/1.0")
        {
            await RespondAsync(RtspStatusCodes.RtspVersionNotSupported, request.CSeq, token).ConfigureAwait(false);
            return;
        }

        // A request naming a live session was authorized when the session was set up; its id is a
        // random secret only that client knows. Checking again would fail keep-alives whose digest
        // nonce has since gone stale and let an authenticated session time out.
        var knownSession = request.Session is not null && _server.FindSession(request.Session) is not null;
        if (request.Method != RtspMethod.Options && !knownSession && !await AuthorizeAsync(request, token).ConfigureAwait(false))
            return;

        switch (request.Method)
        {
            case RtspMethod.Options:
                await RespondAsync(RtspStatusCodes.Ok, request.CSeq, token, [new("Public", PublicMethods)]).ConfigureAwait(false);
                break;
            case RtspMethod.Describe:
                await DescribeAsync(request, token).ConfigureAwait(false);
                break;
            case RtspMethod.Setup:
                await SetupAsync(request, token).ConfigureAwait(false);
                break;
            case RtspMethod.Play:
                await PlayAsync(request, token).ConfigureAwait(false);
                break;
            case RtspMethod.Pause:
                await PauseAsync(request, token).ConfigureAwait(false);
                break;
            case RtspMethod.Teardown:
                await TeardownAsync(request, token).ConfigureAwait(false);
                break;
            case RtspMethod.GetParameter:
            case RtspMethod.SetParameter:
                await KeepAliveAsync(request, token).ConfigureAwait(false);
                break;
            case RtspMethod.Announce:
            case RtspMethod.Record:
                await RespondAsync(RtspStatusCodes.MethodNotAllowed, request.CSeq, token, [new("Allow", PublicMethods)]).ConfigureAwait(false);
                break;
            default:
                await RespondAsync(RtspStatusCodes.NotImplemented, request.CSeq, token, [new("Public", PublicMethods)]).ConfigureAwait(false);
                break;
        }
    }

    private async Task<bool> AuthorizeAsync(RtspRequest request, CancellationToken token)
    {
        var result = _server.Authenticator.Check(request);
        if (result.IsAllowed)
            return true;
        if (result.Status == AuthStatus.Denied)
            _server.ReportAuthFailure(Client, result.UserName ?? "", result.Reason ?? "wrong credentials");
        await RespondAsync(RtspStatusCodes.Unauthorized, request.CSeq, token, [.. result.Challenges.Select(c => new KeyValuePair<string, string>(RtspHeaderNames.WwwAuthenticate, c))]).ConfigureAwait(false);
        return false;
    }

    private async Task DescribeAsync(RtspRequest request, CancellationToken token)
    {
        if (!TryResolve(request, out var name, out var hub, out _, out _))
        {
            await RespondAsync(RtspStatusCodes.NotFound, request.CSeq, token).ConfigureAwait(false);
            return;
        }

        H264Parameters? parameters;
        try
        {
            parameters = await hub.WaitForParametersAsync(StreamWait, token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or StreamClosedException)
        {
            parameters = null;
        }
        if (parameters is null)
        {
            if (_server.StreamNotReadyLog.ShouldLog(name))
                RtspLog.StreamNotReady(_log, name, Client);
            await RespondAsync(RtspStatusCodes.ServiceUnavailable, request.CSeq, token).ConfigureAwait(false);
            return;
        }

        var sps = parameters.SequenceParameterSet;
        var sdp = SdpWriter.ForH264(
            _server.DeviceName + " " + name,
            _server.LocalAddressFor(_socket),
            _server.SessionVersion,
            parameters.Sps.ToArray(),
            parameters.Pps.ToArray(),
            96,
            RtspUri.TrackControlPrefix + "0",
            sps.Width,
            sps.Height,
            sps.FrameRate,
            multicastAddress: null, // the group is given per client in SETUP's Transport
            _server.Options.MulticastTtl);
        var contentBase = request.Uri.EndsWith('/') ? request.Uri : request.Uri + "/";
        _response.Begin(RtspStatusCodes.Ok, request.CSeq);
        _response.AddHeader("Content-Base", contentBase);
        await WriteDataAsync(_response.End(sdp, "application/sdp"), token).ConfigureAwait(false);
    }

    private async Task SetupAsync(RtspRequest request, CancellationToken token)
    {
        if (!TryResolve(request, out var name, out var hub, out var index, out var track) || track is not (null or "0"))
        {
            await RespondAsync(RtspStatusCodes.NotFound, request.CSeq, token).ConfigureAwait(false);
            return;
        }
        if (request.Session is not null)
        {
            // One track per stream: a second SETUP on a session is only valid to change transport
            // while not playing, which no client we know does; refuse it clearly.
            var existing = _server.FindSession(request.Session);
            var status = existing is null ? RtspStatusCodes.SessionNotFound : RtspStatusCodes.AggregateOperationNotAllowed;
            await RespondAsync(status, request.CSeq, token).ConfigureAwait(false);
            return;
        }

        if (!HasRoomForAnotherSession(out var limit))
        {
            if (_server.SessionLimitLog.ShouldLog(limit))
                RtspLog.TooManySessions(_log, Client, limit);
            await RespondAsync(RtspStatusCodes.ServiceUnavailable, request.CSeq, token).ConfigureAwait(false);
            return;
        }

        var transportHeader = request.GetHeader("Transport");
        IReadOnlyList<TransportSpec> alternatives = [];
        var transportError = "SETUP without Transport";
        if (transportHeader is null || !TransportHeader.TryParse(transportHeader, out alternatives, out transportError))
        {
            RtspLog.BadRequest(_log, Client, "bad Transport: " + transportError);
            await RespondAsync(RtspStatusCodes.UnsupportedTransport, request.CSeq, token).ConfigureAwait(false);
            return;
        }

        var transport = ChooseTransport(alternatives, hub, index);
        if (transport is null)
        {
            await RespondAsync(RtspStatusCodes.UnsupportedTransport, request.CSeq, token).ConfigureAwait(false);
            return;
        }

        var session = _server.CreateSession(name, hub, transport, this);
        lock (_sessions)
            _sessions.Add(session);
        await RespondAsync(RtspStatusCodes.Ok, request.CSeq, token,
        [
            new("Transport", transport.ResponseHeader + $";ssrc={session.Ssrc:X8}"),
            new("Session", $"{session.Id};timeout={(int)_server.Options.SessionTimeout.TotalSeconds}"),
        ]).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether SETUP may make one more session: at most <see cref="MaxSessionsPerConnection"/> on
    /// this connection and <c>max_clients</c> on the server. Sessions live on after their SETUP
    /// until PLAY, TEARDOWN or the session timeout, so without these a client sending SETUP in a
    /// loop would grow memory without bound.
    /// </summary>
    private bool HasRoomForAnotherSession(out string limit)
    {
        int held;
        lock (_sessions)
        {
            // Sessions the server ended (timed out) stay listed until now; they hold no slot.
            _sessions.RemoveAll(s => s.State == RtspSessionState.Closed);
            held = _sessions.Count;
        }
        if (held >= MaxSessionsPerConnection)
        {
            limit = $"{MaxSessionsPerConnection} sessions on one connection";
            return false;
        }
        if (_server.SessionCount >= _server.Options.MaxClients)
        {
            limit = $"{_server.Options.MaxClients} sessions in all (the server's client limit)";
            return false;
        }
        limit = "";
        return true;
    }

    private SessionTransport? ChooseTransport(IReadOnlyList<TransportSpec> alternatives, StreamHub hub, int index)
    {
        var allowed = _server.Options.Transports;
        foreach (var spec in alternatives)
        {
            if (!spec.IsRtpAvp)
                continue;
            if (spec.IsTcp)
            {
                if (!allowed.HasFlag(RtpTransports.Tcp))
                    continue;
                var (rtp, rtcp) = spec.Interleaved ?? (_nextChannel, _nextChannel + 1);
                if (rtp is < 0 or > 255 || rtcp is < 0 or > 255)
                    continue;
                _nextChannel = Math.Max(_nextChannel, Math.Max(rtp, rtcp) + 1);
                return new TcpInterleavedTransport(this, (byte)rtp, (byte)rtcp);
            }
            if (spec.IsMulticast)
            {
                if (allowed.HasFlag(RtpTransports.Multicast) && _server.GetMulticastGroup(hub, index) is { } group)
                    return new MulticastTransport(group);
                continue;
            }
            if (!allowed.HasFlag(RtpTransports.Udp) || _server.UdpPorts is null || spec.ClientPorts is not { } ports)
                continue;
            if (ports.Rtp is < 1 or > 65535 || ports.Rtcp is < 1 or > 65535)
                continue;
            // RTP goes only to the address the request came from, never to a Transport
            // destination, so the server cannot be used to flood a third party.
            return new UdpUnicastTransport(_server.UdpPorts, RemoteAddress, ports.Rtp, ports.Rtcp);
        }
        return null;
    }

    private async Task PlayAsync(RtspRequest request, CancellationToken token)
    {
        var session = request.Session is null ? null : _server.FindSession(request.Session);
        if (session is null)
        {
            await RespondAsync(request.Session is null ? RtspStatusCodes.MethodNotValidInThisState : RtspStatusCodes.SessionNotFound, request.CSeq, token).ConfigureAwait(false);
            return;
        }
        session.Touch();
        var headers = new List<KeyValuePair<string, string>> { new("Session", session.Id), new("Range", "npt=0.000-") };
        if (session.State == RtspSessionState.Playing)
        {
            await RespondAsync(RtspStatusCodes.Ok, request.CSeq, token, headers).ConfigureAwait(false);
            return;
        }

        var position = await session.PreparePlayAsync(StreamWait, token).ConfigureAwait(false);
        if (position is not { } start)
        {
            if (_server.StreamNotReadyLog.ShouldLog(session.StreamName))
                RtspLog.StreamNotReady(_log, session.StreamName, Client);
            await RespondAsync(RtspStatusCodes.ServiceUnavailable, request.CSeq, token, headers).ConfigureAwait(false);
            return;
        }
        var baseUri = request.Uri.TrimEnd('/');
        var trackUri = baseUri.EndsWith(RtspUri.TrackControlPrefix + "0", StringComparison.Ordinal) ? baseUri : baseUri + "/" + RtspUri.TrackControlPrefix + "0";
        headers.Add(new("RTP-Info", string.Create(CultureInfo.InvariantCulture, $"url={trackUri};seq={start.Sequence};rtptime={start.RtpTime}")));
        await RespondAsync(RtspStatusCodes.Ok, request.CSeq, token, headers).ConfigureAwait(false);
        _server.OnPlaybackStarted(session, Client);
        session.StartPlayback();
    }

    private async Task PauseAsync(RtspRequest request, CancellationToken token)
    {
        var session = request.Session is null ? null : _server.FindSession(request.Session);
        if (session is null)
        {
            await RespondAsync(RtspStatusCodes.SessionNotFound, request.CSeq, token).ConfigureAwait(false);
            return;
        }
        session.Touch();
        if (session.State == RtspSessionState.Playing)
        {
            await session.PauseAsync().ConfigureAwait(false);
            _server.OnPlaybackStopped(session);
        }
        await RespondAsync(RtspStatusCodes.Ok, request.CSeq, token, [new("Session", session.Id)]).ConfigureAwait(false);
    }

    private async Task TeardownAsync(RtspRequest request, CancellationToken token)
    {
        var session = request.Session is null ? null : _server.FindSession(request.Session);
        if (session is null)
        {
            await RespondAsync(RtspStatusCodes.SessionNotFound, request.CSeq, token).ConfigureAwait(false);
            return;
        }
        await _server.EndSessionAsync(session, "TEARDOWN").ConfigureAwait(false);
        lock (_sessions)
            _sessions.Remove(session);
        await RespondAsync(RtspStatusCodes.Ok, request.CSeq, token).ConfigureAwait(false);
    }

    private async Task KeepAliveAsync(RtspRequest request, CancellationToken token)
    {
        if (request.Session is not null)
        {
            var session = _server.FindSession(request.Session);
            if (session is null)
            {
                await RespondAsync(RtspStatusCodes.SessionNotFound, request.CSeq, token).ConfigureAwait(false);
                return;
            }
            session.Touch();
        }
        var status = request.Method == RtspMethod.SetParameter && !request.Body.IsEmpty ? RtspStatusCodes.ParameterNotUnderstood : RtspStatusCodes.Ok;
        await RespondAsync(status, request.CSeq, token).ConfigureAwait(false);
    }

    private bool TryResolve(RtspRequest request, out string name, out StreamHub hub, out int index, out string? track)
    {
        hub = null!;
        index = 0;
        if (!RtspUri.TryGetStreamPath(request.Uri, out name, out var control))
        {
            track = null;
            return false;
        }
        track = control is null ? null : control.StartsWith(RtspUri.TrackControlPrefix, StringComparison.OrdinalIgnoreCase) ? control[RtspUri.TrackControlPrefix.Length..] : control;
        return _server.Catalog.TryGetStream(name, out hub, out index);
    }
}

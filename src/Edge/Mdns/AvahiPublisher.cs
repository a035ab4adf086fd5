using System.Net.Sockets;
using System.Threading.Channels;
using Edge.Mdns.Avahi;
using Edge.Media.Supervision;
using Microsoft.Extensions.Logging;
using Tmds.DBus.Protocol;

namespace Edge.Mdns;

/// <summary>
/// Keeps a <see cref="MdnsPlan"/> announced through avahi-daemon, on the D-Bus system bus, until
/// stopped: one entry group holds every service; a reload's new plan replaces its contents; a
/// name taken on the network is replaced by avahi's alternative; stopping frees the group, which
/// withdraws the services at once (and so does the connection closing, should edge die).
/// </summary>
/// <remarks>
/// Announcing is a convenience, so nothing here may hurt the video or fill the journal: with no
/// system bus (or one that refuses edge) it says so once and tries again with back-off; with the
/// bus but no avahi-daemon it says so once and waits for avahi's name to appear on the bus
/// (NameOwnerChanged), without polling.
/// </remarks>
internal sealed class AvahiPublisher
{
    /// <summary>5 s doubling to 5 minutes, ±20 %, reset after a connection held for a minute.</summary>
    public static readonly BackoffPolicy Reconnect = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), jitter: 0.2, stableAfter: TimeSpan.FromMinutes(1));

    /// <summary>avahi answers a call at once; one that does not within this is treated as a lost daemon.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a stop may spend withdrawing the services before it closes the connection (which withdraws them too).</summary>
    private static readonly TimeSpan WithdrawTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Alternative names tried in a row before giving up until the next reload or avahi restart.</summary>
    private const int MaxRenames = 10;

    private readonly string _busAddress;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Channel<AvahiSignal> _signals = Channel.CreateBounded<AvahiSignal>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private MdnsPlan _plan;

    /// <param name="plan">What to announce first.</param>
    /// <param name="busAddress">The system bus (<see cref="DBusAddress.System"/>: $DBUS_SYSTEM_BUS_ADDRESS, or /run/dbus/system_bus_socket).</param>
    public AvahiPublisher(MdnsPlan plan, string busAddress, TimeProvider time, ILogger log)
    {
        _plan = plan;
        _busAddress = busAddress;
        _time = time;
        _log = log;
    }

    public MdnsPlan Plan => Volatile.Read(ref _plan);

    /// <summary>Announces <paramref name="plan"/> in place of the current one.</summary>
    public void Update(MdnsPlan plan)
    {
        Volatile.Write(ref _plan, plan);
        _signals.Writer.TryWrite(AvahiSignal.PlanChanged);
    }

    /// <summary>The machine's host name, for the hints (avahi announces its own, usually the same).</summary>
    private static string Host => Environment.MachineName;

    public async Task RunAsync(CancellationToken stopping)
    {
        var retry = new RetryLoop(Reconnect, _time);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                string reason;
                try
                {
                    await RunConnectionAsync(retry, stopping).ConfigureAwait(false);
                    break;
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is DBusExceptionBase or SocketException or IOException or UnauthorizedAccessException or TimeoutException)
                {
                    reason = Describe(e);
                }
                var decision = retry.Failed(reason);
                if (decision.IsNewReason)
                    MdnsLog.NotAnnounced(_log, reason, decision.Delay.TotalSeconds);
                else
                    MdnsLog.NotAnnouncedAgain(_log, reason, decision.Delay.TotalSeconds);
                if (!await retry.WaitAsync(decision.Delay, stopping).ConfigureAwait(false))
                    break;
            }
        }
        catch (Exception e)
        {
            // The loop's boundary: announcing may give up, the daemon must not.
            MdnsLog.Crashed(_log, e);
        }
    }

    /// <summary>One connection to the system bus; returns when stopping, throws when the bus is lost.</summary>
    private async Task RunConnectionAsync(RetryLoop retry, CancellationToken stopping)
    {
        using var connection = new DBusConnection(_busAddress);
        await connection.ConnectAsync().AsTask().WaitAsync(CallTimeout, stopping).ConfigureAwait(false);
        retry.RunStarted();
        var disconnected = connection.DisconnectedAsync();
        using var watcher = await connection.WatchNameOwnerAsync(AvahiDBus.Service).WaitAsync(CallTimeout, stopping).ConfigureAwait(false);
        var absenceLogged = false;
        while (!stopping.IsCancellationRequested)
        {
            if (disconnected.IsCompleted)
                throw await disconnected.ConfigureAwait(false) is { } reason
                    ? new DBusConnectionClosedException("the system bus closed the connection", reason)
                    : new DBusConnectionClosedException("the system bus closed the connection");
            if (watcher.GetCurrentOwner() is not { } owner)
            {
                if (!absenceLogged)
                    MdnsLog.AvahiNotRunning(_log, Host);
                absenceLogged = true;
                var appeared = watcher.WaitForOwnerAsync(stopping);
                // A bus that goes away meanwhile ends the wait too (the loop above then says why).
                if (await Task.WhenAny(appeared, disconnected).ConfigureAwait(false) != appeared)
                    continue;
                owner = await appeared.ConfigureAwait(false);
            }
            retry.Recovered();
            using (var ownerGone = CancellationTokenSource.CreateLinkedTokenSource(watcher.GetOwnerChangedCancellationToken(owner), stopping))
                await PublishAsync(new AvahiServer(connection, owner), ownerGone.Token, stopping).ConfigureAwait(false);
            if (!stopping.IsCancellationRequested && !disconnected.IsCompleted)
            {
                MdnsLog.AvahiLeft(_log);
                absenceLogged = true;
            }
        }
    }

    /// <summary>Announces the plan through one avahi-daemon until it leaves the bus (<paramref name="ownerGone"/>) or edge stops.</summary>
    private async Task PublishAsync(AvahiServer server, CancellationToken ownerGone, CancellationToken stopping)
    {
        // Signals of an avahi-daemon that has gone mean nothing to this one; the plan is read afresh below.
        while (_signals.Reader.TryRead(out _))
        {
        }
        using var serverWatch = await server.WatchStateAsync(state => _signals.Writer.TryWrite(AvahiSignal.Server(state))).AsTask().WaitAsync(CallTimeout, ownerGone).ConfigureAwait(false);
        var version = await Call(server.GetVersionStringAsync(), ownerGone).ConfigureAwait(false);
        var state = await Call(server.GetStateAsync(), ownerGone).ConfigureAwait(false);
        var published = new Published();
        try
        {
            while (true)
            {
                if (state == AvahiServerState.Running && published.Group is null)
                    await StartGroupAsync(server, published, ownerGone).ConfigureAwait(false);
                else if (state != AvahiServerState.Running)
                    MdnsLog.WaitingForServer(_log, state.ToString().ToLowerInvariant());

                var signal = await _signals.Reader.ReadAsync(ownerGone).ConfigureAwait(false);
                switch (signal.Kind)
                {
                    case AvahiSignalKind.Server when (AvahiServerState)signal.State != state:
                        state = (AvahiServerState)signal.State;
                        // avahi is probing a new host name: its groups are void; a new one follows once it runs again.
                        if (state != AvahiServerState.Running)
                            await published.ForgetAsync(ownerGone).ConfigureAwait(false);
                        break;
                    case AvahiSignalKind.PlanChanged when published.Group is { } group:
                        published.Plan = Plan;
                        published.Names = published.Plan.Services.Select(s => s.InstanceName(published.HostName)).ToArray();
                        published.Renames = 0;
                        await Call(group.ResetAsync(), ownerGone).ConfigureAwait(false);
                        await AddAndCommitAsync(server, published, ownerGone).ConfigureAwait(false);
                        break;
                    case AvahiSignalKind.Group when signal.GroupPath == published.Group?.Path:
                        await OnGroupStateAsync(server, published, (AvahiEntryGroupState)signal.State, signal.Error ?? "", version, ownerGone).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (ownerGone.IsCancellationRequested)
        {
            if (stopping.IsCancellationRequested && published.Group is { } group)
            {
                try
                {
                    await group.FreeAsync().WaitAsync(WithdrawTimeout, CancellationToken.None).ConfigureAwait(false);
                    MdnsLog.Withdrawn(_log);
                }
                catch (Exception e) when (e is DBusExceptionBase or TimeoutException)
                {
                    // Closing the connection, next, withdraws them as well.
                }
            }
        }
        finally
        {
            published.Watch?.Dispose();
        }
    }

    private async Task StartGroupAsync(AvahiServer server, Published published, CancellationToken ownerGone)
    {
        published.HostName = await Call(server.GetHostNameAsync(), ownerGone).ConfigureAwait(false);
        published.Fqdn = await Call(server.GetHostNameFqdnAsync(), ownerGone).ConfigureAwait(false);
        var group = await Call(server.EntryGroupNewAsync(), ownerGone).ConfigureAwait(false);
        published.Group = group;
        published.Watch = await group.WatchStateAsync((state, error) => _signals.Writer.TryWrite(AvahiSignal.Group(group.Path, state, error)))
            .AsTask().WaitAsync(CallTimeout, ownerGone).ConfigureAwait(false);
        published.Plan = Plan;
        published.Names = published.Plan.Services.Select(s => s.InstanceName(published.HostName)).ToArray();
        published.Renames = 0;
        await AddAndCommitAsync(server, published, ownerGone).ConfigureAwait(false);
    }

    /// <summary>Adds every service of the plan under its current name and commits; a name avahi already holds is replaced by its alternative.</summary>
    private async Task AddAndCommitAsync(AvahiServer server, Published published, CancellationToken ownerGone)
    {
        var group = published.Group!;
        var services = published.Plan.Services;
        for (var i = 0; i < services.Count; i++)
        {
            try
            {
                await Call(group.AddServiceAsync(published.Names[i], services[i].Type, services[i].Port, [services[i].Txt]), ownerGone).ConfigureAwait(false);
            }
            catch (DBusErrorReplyException e) when (e.ErrorName is AvahiDBus.CollisionError or AvahiDBus.LocalCollisionError && published.Renames < MaxRenames)
            {
                // Another program on this box announces that name already: take the next one and start over.
                published.Renames++;
                await RenameAsync(server, published, i, ownerGone).ConfigureAwait(false);
                await Call(group.ResetAsync(), ownerGone).ConfigureAwait(false);
                i = -1;
            }
        }
        await Call(group.CommitAsync(), ownerGone).ConfigureAwait(false);
    }

    private async Task OnGroupStateAsync(AvahiServer server, Published published, AvahiEntryGroupState state, string error, string version, CancellationToken ownerGone)
    {
        switch (state)
        {
            case AvahiEntryGroupState.Established:
                MdnsLog.Announced(_log, Describe(published), version, published.Fqdn);
                break;
            case AvahiEntryGroupState.Collision when published.Renames < MaxRenames:
                // avahi does not say which name another host holds: every one moves on to its alternative, as avahi's own tools do.
                published.Renames++;
                for (var i = 0; i < published.Names.Length; i++)
                    await RenameAsync(server, published, i, ownerGone).ConfigureAwait(false);
                await Call(published.Group!.ResetAsync(), ownerGone).ConfigureAwait(false);
                await AddAndCommitAsync(server, published, ownerGone).ConfigureAwait(false);
                break;
            case AvahiEntryGroupState.Collision:
                MdnsLog.Failed(_log, Describe(published), $"every name tried is taken ({MaxRenames} alternatives)");
                break;
            case AvahiEntryGroupState.Failure:
                MdnsLog.Failed(_log, Describe(published), error);
                break;
        }
    }

    private async Task RenameAsync(AvahiServer server, Published published, int index, CancellationToken ownerGone)
    {
        var alternative = DnsSdService.Fit(await Call(server.GetAlternativeServiceNameAsync(published.Names[index]), ownerGone).ConfigureAwait(false));
        MdnsLog.Renamed(_log, published.Names[index], alternative);
        published.Names[index] = alternative;
    }

    private static Task<T> Call<T>(Task<T> call, CancellationToken ownerGone) => call.WaitAsync(CallTimeout, ownerGone);

    private static Task Call(Task call, CancellationToken ownerGone) => call.WaitAsync(CallTimeout, ownerGone);

    private static string Describe(Published published) =>
        string.Join(", ", published.Plan.Services.Select((s, i) => $"\"{published.Names[i]}\" ({s})"));

    /// <summary>Why the bus could not be used, in words that say what to do.</summary>
    private string Describe(Exception e)
    {
        var inner = e.InnerException?.Message is { Length: > 0 } detail ? $" ({detail})" : "";
        return e switch
        {
            DBusConnectFailedException when SocketPath is { } path && !File.Exists(path) =>
                $"no D-Bus system bus ({path} does not exist); install avahi-daemon (it brings dbus) to be found as {Host}.local",
            DBusConnectFailedException => $"cannot connect to the D-Bus system bus at {_busAddress}: {e.Message}{inner}",
            DBusErrorReplyException reply when reply.ErrorName == "org.freedesktop.DBus.Error.AccessDenied" =>
                $"the D-Bus system bus denies edge access to avahi-daemon ({reply.ErrorMessage}); its policy is /usr/share/dbus-1/system.d/avahi-dbus.conf",
            DBusErrorReplyException reply => $"avahi-daemon answered {reply.ErrorName}: {reply.ErrorMessage}",
            TimeoutException => $"avahi-daemon did not answer within {CallTimeout.TotalSeconds:0} s",
            _ => $"{e.Message}{inner}",
        };
    }

    /// <summary>The socket of a <c>unix:path=</c> bus address, or null for another kind.</summary>
    private string? SocketPath =>
        _busAddress.StartsWith("unix:path=", StringComparison.Ordinal) ? _busAddress["unix:path=".Length..].Split(',')[0] : null;

    /// <summary>What is announced through the current avahi-daemon.</summary>
    private sealed class Published
    {
        public AvahiEntryGroup? Group { get; set; }
        public IDisposable? Watch { get; set; }
        public MdnsPlan Plan { get; set; } = new([], []);
        public string[] Names { get; set; } = [];
        public int Renames { get; set; }
        public string HostName { get; set; } = "";
        public string Fqdn { get; set; } = "";

        /// <summary>Drops the group avahi voided (its host name changed); tries to free it, which fails harmlessly if avahi did already.</summary>
        public async Task ForgetAsync(CancellationToken ownerGone)
        {
            Watch?.Dispose();
            Watch = null;
            if (Group is { } group)
            {
                Group = null;
                try
                {
                    await group.FreeAsync().WaitAsync(CallTimeout, ownerGone).ConfigureAwait(false);
                }
                catch (DBusErrorReplyException)
                {
                }
            }
        }
    }
}

using Tmds.DBus.Protocol;

namespace Edge.Mdns.Avahi;

/// <summary>
/// The few calls of <c>org.freedesktop.Avahi.Server</c> that announcing needs, written by hand
/// over Tmds.DBus.Protocol's message writer: no generated proxies, no reflection (NativeAOT).
/// </summary>
/// <param name="connection">A connection to the system bus.</param>
/// <param name="owner">The owner of <see cref="AvahiDBus.Service"/> as a <see cref="NameOwnerWatcher"/> gave it:
/// calls and signals are bound to that avahi-daemon, so a restarted one is never mistaken for it.</param>
internal sealed class AvahiServer(DBusConnection connection, string owner)
{
    public async Task<AvahiServerState> GetStateAsync() =>
        (AvahiServerState)await CallAsync("GetState", static (m, _) => m.GetBodyReader().ReadInt32()).ConfigureAwait(false);

    public Task<string> GetVersionStringAsync() => CallAsync("GetVersionString", ReadString);

    /// <summary>The host name avahi answers for (without <c>.local</c>), which may differ from the machine's after a collision.</summary>
    public Task<string> GetHostNameAsync() => CallAsync("GetHostName", ReadString);

    /// <summary>The full name, <c>HOST.local</c>.</summary>
    public Task<string> GetHostNameFqdnAsync() => CallAsync("GetHostNameFqdn", ReadString);

    /// <summary>avahi's next name after a collision: "Edge front on pi" becomes "Edge front on pi #2".</summary>
    public Task<string> GetAlternativeServiceNameAsync(string name) => CallAsync("GetAlternativeServiceName", ReadString, name);

    /// <summary>A new, empty entry group, owned by this connection: avahi frees it when the connection closes.</summary>
    public async Task<AvahiEntryGroup> EntryGroupNewAsync()
    {
        var path = await CallAsync("EntryGroupNew", static (m, _) => m.GetBodyReader().ReadObjectPathAsString()).ConfigureAwait(false);
        return new AvahiEntryGroup(connection, owner, path);
    }

    /// <summary>Calls <paramref name="changed"/> on avahi's StateChanged signal (from its reader thread: it must only hand the state on).</summary>
    public ValueTask<IDisposable> WatchStateAsync(Action<AvahiServerState> changed) =>
        connection.WatchSignalAsync(owner, AvahiDBus.ServerPath, AvahiDBus.ServerInterface, AvahiDBus.StateChanged,
            static (m, _) => (AvahiServerState)m.GetBodyReader().ReadInt32(),
            (Notification<AvahiServerState> n) =>
            {
                if (n.HasValue)
                    changed(n.Value);
            },
            ObserverFlags.None, emitOnCapturedContext: false);

    private static string ReadString(Message message, object? state) => message.GetBodyReader().ReadString();

    private Task<T> CallAsync<T>(string member, MessageValueReader<T> read, string? argument = null)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(owner, AvahiDBus.ServerPath, AvahiDBus.ServerInterface, member, argument is null ? null : "s", MessageFlags.None);
        if (argument is not null)
            writer.WriteString(argument);
        return connection.CallMethodAsync(writer.CreateMessage(), read);
    }
}

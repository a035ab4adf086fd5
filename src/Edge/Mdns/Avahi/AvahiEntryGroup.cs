using System.Text;
using Tmds.DBus.Protocol;

namespace Edge.Mdns.Avahi;

/// <summary>
/// One <c>org.freedesktop.Avahi.EntryGroup</c>: the services edge announces, added, committed
/// and withdrawn together. Hand-written calls, as in <see cref="AvahiServer"/>.
/// </summary>
internal sealed class AvahiEntryGroup(DBusConnection connection, string owner, string path)
{
    public string Path => path;

    /// <summary>
    /// <c>AddService(i interface, i protocol, u flags, s name, s type, s domain, s host, q port, aay txt)</c>
    /// on every interface and protocol, in the default domain (<c>local</c>), for avahi's own host name.
    /// </summary>
    public Task AddServiceAsync(string name, string type, int port, IReadOnlyList<string> txt)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(owner, path, AvahiDBus.EntryGroupInterface, "AddService", "iiussssqaay", MessageFlags.None);
        writer.WriteInt32(AvahiDBus.AnyInterface);
        writer.WriteInt32(AvahiDBus.AnyProtocol);
        writer.WriteUInt32(0);
        writer.WriteString(name);
        writer.WriteString(type);
        writer.WriteString(""); // domain: avahi's default
        writer.WriteString(""); // host: avahi's own name
        writer.WriteUInt16(checked((ushort)port));
        // Each TXT string is an array of bytes (RFC 6763, section 6: not necessarily text).
        var records = writer.WriteArrayStart(DBusType.Array);
        foreach (var record in txt)
            writer.WriteArray(Encoding.UTF8.GetBytes(record));
        writer.WriteArrayEnd(records);
        return connection.CallMethodAsync(writer.CreateMessage());
    }

    /// <summary>Starts probing and announcing what was added.</summary>
    public Task CommitAsync() => CallAsync("Commit");

    /// <summary>Withdraws every service of the group (goodbye packets), keeping the group for new ones.</summary>
    public Task ResetAsync() => CallAsync("Reset");

    /// <summary>Withdraws every service and frees the group.</summary>
    public Task FreeAsync() => CallAsync("Free");

    /// <summary>Calls <paramref name="changed"/> on the group's StateChanged signal (state and avahi's error text), from the reader thread.</summary>
    public ValueTask<IDisposable> WatchStateAsync(Action<AvahiEntryGroupState, string> changed) =>
        connection.WatchSignalAsync(owner, path, AvahiDBus.EntryGroupInterface, AvahiDBus.StateChanged,
            static (m, _) =>
            {
                var reader = m.GetBodyReader();
                return ((AvahiEntryGroupState)reader.ReadInt32(), reader.ReadString());
            },
            (Notification<(AvahiEntryGroupState State, string Error)> n) =>
            {
                if (n.HasValue)
                    changed(n.Value.State, n.Value.Error);
            },
            ObserverFlags.None, emitOnCapturedContext: false);

    private Task CallAsync(string member)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(owner, path, AvahiDBus.EntryGroupInterface, member, null, MessageFlags.None);
        return connection.CallMethodAsync(writer.CreateMessage());
    }
}

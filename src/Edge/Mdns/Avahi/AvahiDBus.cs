namespace Edge.Mdns.Avahi;

/// <summary>
/// The names and numbers of avahi's D-Bus API, as avahi-daemon 0.7 and 0.8 publish them
/// (<c>avahi-daemon/org.freedesktop.Avahi.Server.xml</c>, <c>…EntryGroup.xml</c>,
/// <c>avahi-common/defs.h</c>, <c>avahi-common/dbus.c</c>).
/// </summary>
/// <remarks>
/// Edge speaks to avahi over D-Bus rather than linking libavahi-client: the binary stays free
/// of a native dependency a board may lack, and a missing avahi is an answer on the bus, not a
/// library that fails to load.
/// </remarks>
internal static class AvahiDBus
{
    /// <summary>The well-known name avahi-daemon owns on the system bus.</summary>
    public const string Service = "org.freedesktop.Avahi";
    public const string ServerPath = "/";
    public const string ServerInterface = "org.freedesktop.Avahi.Server";
    public const string EntryGroupInterface = "org.freedesktop.Avahi.EntryGroup";
    public const string StateChanged = "StateChanged";

    /// <summary><c>AVAHI_IF_UNSPEC</c>: every interface avahi uses.</summary>
    public const int AnyInterface = -1;

    /// <summary><c>AVAHI_PROTO_UNSPEC</c>: IPv4 and IPv6, as avahi is configured.</summary>
    public const int AnyProtocol = -1;

    /// <summary>Error names avahi answers an entry group's AddService with when the name is taken.</summary>
    public const string CollisionError = "org.freedesktop.Avahi.CollisionError";
    public const string LocalCollisionError = "org.freedesktop.Avahi.LocalCollisionError";
}

/// <summary><c>AvahiServerState</c>: the daemon's own state; services may be added only while it is <see cref="Running"/>.</summary>
internal enum AvahiServerState
{
    Invalid = 0,
    /// <summary>Probing its host name (at start, or after a host name collision).</summary>
    Registering = 1,
    Running = 2,
    /// <summary>Its host name is taken; it picks another and registers again.</summary>
    Collision = 3,
    Failure = 4,
}

/// <summary><c>AvahiEntryGroupState</c>: how one group of announcements fares on the network.</summary>
internal enum AvahiEntryGroupState
{
    Uncommitted = 0,
    Registering = 1,
    /// <summary>Probed without conflict and announced.</summary>
    Established = 2,
    /// <summary>Another host answers for one of the names: pick others and commit again.</summary>
    Collision = 3,
    Failure = 4,
}

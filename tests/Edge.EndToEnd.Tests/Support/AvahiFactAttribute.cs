namespace Edge.EndToEnd.Tests.Support;

/// <summary>A test with a private dbus-daemon and avahi-daemon (<see cref="PrivateAvahi"/>): skipped without them or root, but under CI=true.</summary>
public sealed class AvahiFactAttribute() : PeerFactAttribute(PrivateAvahi.Missing());

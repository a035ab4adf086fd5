using Edge.Mdns.Avahi;

namespace Edge.Mdns;

/// <summary>Something the announcing loop reacts to: a state avahi signalled, or a reload's new plan.</summary>
internal readonly record struct AvahiSignal(AvahiSignalKind Kind, int State = 0, string? GroupPath = null, string? Error = null)
{
    public static AvahiSignal PlanChanged => new(AvahiSignalKind.PlanChanged);

    public static AvahiSignal Server(AvahiServerState state) => new(AvahiSignalKind.Server, (int)state);

    public static AvahiSignal Group(string path, AvahiEntryGroupState state, string error) => new(AvahiSignalKind.Group, (int)state, path, error);
}

internal enum AvahiSignalKind
{
    PlanChanged,
    Server,
    Group,
}

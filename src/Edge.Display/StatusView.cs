namespace Edge.Display;

/// <summary>
/// What the status display shows, already in words: the host decides the wording, this library
/// only lays it out. Two views with the same content are equal, so the host can skip a refresh.
/// </summary>
/// <param name="DeviceName">The box's name, on the title bar.</param>
/// <param name="Addresses">The addresses a person can reach the box at, most useful first; empty while the network is down.</param>
/// <param name="Cameras">One line per camera, in config order.</param>
/// <param name="Push">The pushes in a few words ("live 1/1", "retrying"), or null when none is configured.</param>
/// <param name="Error">A short error to show on the bottom line, or null.</param>
public sealed record StatusView(
    string DeviceName,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<CameraLine> Cameras,
    string? Push,
    string? Error)
{
    public bool Equals(StatusView? other) =>
        other is not null
        && DeviceName == other.DeviceName
        && Addresses.SequenceEqual(other.Addresses)
        && Cameras.SequenceEqual(other.Cameras)
        && Push == other.Push
        && Error == other.Error;

    public override int GetHashCode() => HashCode.Combine(DeviceName, Addresses.Count, Cameras.Count, Push, Error);
}

namespace Edge.Display.Tests;

/// <summary>The views the expected pictures show.</summary>
internal static class StatusViews
{
    public static StatusView TwoCameras => new(
        "edge-cam",
        ["192.168.1.23", "fd00::23"],
        [new CameraLine("front", "streaming", 2), new CameraLine("garden", "starting", 0)],
        "live 1/1",
        null);

    public static StatusView WithError => new(
        "barn-camera-with-a-very-long-name",
        ["10.0.0.7"],
        [new CameraLine("front", "failed", 0)],
        "retrying",
        "camera front: /dev/video0 is gone (unplugged?)");

    public static StatusView NoNetworkManyCameras => new(
        "edge-cam",
        [],
        [
            new CameraLine("a", "streaming", 1), new CameraLine("b", "streaming", 0), new CameraLine("c", "streaming", 12),
            new CameraLine("d", "stopped", 0), new CameraLine("e", "streaming", 0), new CameraLine("f", "streaming", 0),
            new CameraLine("g", "streaming", 0),
        ],
        null,
        null);
}

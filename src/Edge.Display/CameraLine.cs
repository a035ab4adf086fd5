namespace Edge.Display;

/// <summary>One camera's line on the status display.</summary>
/// <param name="Name">The camera's name (its RTSP path).</param>
/// <param name="State">Its state in one word: "streaming", "starting", "failed", "stopped".</param>
/// <param name="Clients">RTSP clients playing it now.</param>
public sealed record CameraLine(string Name, string State, int Clients);

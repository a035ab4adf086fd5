namespace Edge.Media.Health;

/// <summary>A camera's state at one moment.</summary>
/// <param name="Name">The camera's name (its RTSP path).</param>
/// <param name="State">Where its pipeline is.</param>
/// <param name="Detail">A short human description: the mode while streaming, the reason while failed.</param>
/// <param name="LastProgress">When its pipeline last showed it is alive (TimeProvider timestamp).</param>
/// <param name="Encoding">The settings its encoder runs with ("libx264: profile main, preset superfast, …"); empty before an encoder opened, and for passthrough.</param>
public sealed record CameraHealth(string Name, CameraState State, string Detail, long LastProgress, string Encoding = "");

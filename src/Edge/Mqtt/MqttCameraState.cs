namespace Edge.Mqtt;

/// <summary>One camera in <see cref="MqttState"/>.</summary>
/// <param name="State">starting, streaming, failed or stopped.</param>
/// <param name="Detail">The running mode while streaming, the reason while failed.</param>
/// <param name="Fps">The configured frame rate.</param>
/// <param name="Clients">RTSP clients playing this camera now.</param>
/// <param name="RtspUrl">A URL to play it.</param>
/// <param name="SnapshotUrl">A JPEG of its current picture, null when the HTTP server is off.</param>
internal sealed record MqttCameraState(string State, string Detail, int Fps, int Clients, string RtspUrl, string? SnapshotUrl);

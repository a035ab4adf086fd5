namespace Edge.Cameras;

/// <summary>A camera's measured rate.</summary>
/// <param name="FramesPerSecond">Pictures published per second.</param>
/// <param name="BitsPerSecond">Bits of encoded video published per second.</param>
/// <param name="Over">The time the figures are averaged over.</param>
internal readonly record struct CameraRate(double FramesPerSecond, double BitsPerSecond, TimeSpan Over);

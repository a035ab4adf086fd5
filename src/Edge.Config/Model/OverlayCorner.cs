namespace Edge.Config;

/// <summary><c>camera.NAME.overlay.position</c>: the corner the text sits in.</summary>
public enum OverlayCorner
{
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

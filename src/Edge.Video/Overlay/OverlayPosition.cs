namespace Edge.Video.Overlay;

/// <summary>The corner of the picture the overlay's text sits in.</summary>
public enum OverlayPosition
{
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

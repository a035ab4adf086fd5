using Edge.Config;
using Edge.Media.Text;
using Edge.Video.Overlay;

namespace Edge.Cameras;

/// <summary>Maps a camera's <c>[overlay]</c> table to the caption burned into its raw pictures.</summary>
internal static class CameraCaptions
{
    /// <summary>
    /// The caption for a camera whose pictures are <paramref name="width"/>x<paramref name="height"/>,
    /// or null for none: the overlay table's, or for the test pattern without one, its name,
    /// the time and the frame number, so two test cameras can be told apart and a viewer sees
    /// the delay. <c>text = ""</c> turns either off.
    /// </summary>
    public static FrameCaption? For(CameraConfig camera, int width, int height, bool isTestPattern, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(camera);
        var overlay = camera.Overlay ?? (isTestPattern ? new OverlayConfig { Text = OverlayConfig.TestPatternText } : null);
        if (overlay is null || overlay.Text.Length == 0)
            return null;
        // The config was checked with the same template, so this does not throw for a loaded config.
        var template = TextTemplate.Parse(overlay.Text, camera.Name);
        return new FrameCaption(template, new TextOverlay(width, height, ToPosition(overlay.Position), overlay.Size / 8), time);
    }

    private static OverlayPosition ToPosition(OverlayCorner corner) => corner switch
    {
        OverlayCorner.TopLeft => OverlayPosition.TopLeft,
        OverlayCorner.TopRight => OverlayPosition.TopRight,
        OverlayCorner.BottomRight => OverlayPosition.BottomRight,
        _ => OverlayPosition.BottomLeft,
    };
}

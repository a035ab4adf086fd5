using Edge.Media.Text;

namespace Edge.Video.Overlay;

/// <summary>
/// One camera's caption: its <see cref="TextTemplate"/> filled in with the wall-clock time and
/// the frame number, burned into each picture by a <see cref="TextOverlay"/>.
/// </summary>
public sealed class FrameCaption
{
    private readonly TextTemplate _template;
    private readonly TextOverlay _overlay;
    private readonly TimeProvider _time;

    /// <param name="template">What the caption says.</param>
    /// <param name="overlay">Where and how large it is drawn.</param>
    /// <param name="time">The wall clock, in the board's time zone.</param>
    public FrameCaption(TextTemplate template, TextOverlay overlay, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentNullException.ThrowIfNull(time);
        _template = template;
        _overlay = overlay;
        _time = time;
    }

    /// <summary>Draws the caption into <paramref name="frame"/>, on the camera's thread, before it is encoded.</summary>
    public void Apply(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        _overlay.Draw(frame, _template.Format(_time.GetLocalNow(), frame.FrameNumber));
    }
}

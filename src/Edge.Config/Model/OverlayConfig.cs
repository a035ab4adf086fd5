namespace Edge.Config;

/// <summary><c>[camera.NAME.overlay]</c>: text burned into the picture before it is encoded.</summary>
public sealed record OverlayConfig
{
    /// <summary>What a camera's overlay says unless <c>text</c> is given.</summary>
    public const string DefaultText = "{camera} %Y-%m-%d %H:%M:%S";

    /// <summary>What the test pattern says when it has no overlay table: which camera, when, which frame.</summary>
    public const string TestPatternText = "{camera}  %Y-%m-%d %H:%M:%S  frame {frame}";

    /// <summary>strftime conversions, <c>{camera}</c> and <c>{frame}</c>; empty turns the overlay off.</summary>
    public string Text { get; init; } = DefaultText;

    public OverlayCorner Position { get; init; } = OverlayCorner.BottomLeft;

    /// <summary>Height of a line of text in pixels, a multiple of 8; 0 chooses about a thirtieth of the picture's height.</summary>
    public int Size { get; init; }
}

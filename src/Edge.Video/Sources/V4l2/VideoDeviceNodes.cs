using System.Globalization;

namespace Edge.Video.Sources.V4l2;

/// <summary>The <c>/dev/videoN</c> nodes of this machine, in numeric order (video2 before video10).</summary>
public static class VideoDeviceNodes
{
    /// <summary>
    /// Every <c>videoN</c> node in <paramref name="devDirectory"/>, sorted by N; empty when the
    /// directory cannot be read. Whether a node is a camera, an encoder or a metadata node is
    /// for the caller to ask the device.
    /// </summary>
    public static IReadOnlyList<string> List(string devDirectory = "/dev")
    {
        string[] nodes;
        try
        {
            nodes = Directory.GetFiles(devDirectory, "video*");
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }

        return nodes
            .Select(n => (Path: n, Number: int.TryParse(Path.GetFileName(n).AsSpan("video".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : -1))
            .Where(n => n.Number >= 0)
            .OrderBy(n => n.Number)
            .Select(n => n.Path)
            .ToArray();
    }
}

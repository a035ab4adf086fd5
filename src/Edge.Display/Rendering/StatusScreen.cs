using System.Globalization;
using Edge.Media.Text;

namespace Edge.Display.Rendering;

/// <summary>
/// Lays a <see cref="StatusView"/> out on a 128×64 panel: eight lines of 21 characters.
/// </summary>
/// <remarks>
/// <code>
/// ┌─────────────────────┐
/// │ edge-cam            │ title bar (lit), the device name
/// │192.168.1.23         │ addresses: up to two lines
/// │fe80::1              │
/// │front    streaming  2│ one line per camera: name, state, RTSP clients
/// │back        failed  0│
/// │push live 1/1        │ the pushes, when any is configured
/// │                     │
/// │camera back: no such │ an error, when there is one: up to two lit lines at the bottom
/// └─────────────────────┘
/// </code>
/// Cameras that do not fit are counted on their last line ("+3 more").
/// </remarks>
public static class StatusScreen
{
    /// <summary>Characters on one line.</summary>
    public const int Columns = MonochromeImage.Width / BitmapFont.CellWidth;

    /// <summary>Text lines on the panel.</summary>
    public const int Lines = MonochromeImage.Height / BitmapFont.CellHeight;

    private const int MaxAddressLines = 2;
    private const int MaxErrorLines = 2;

    /// <summary>Marks text cut short to fit a line.</summary>
    private const char Cut = '~';

    public static MonochromeImage Render(StatusView view)
    {
        var (lines, errorLines) = Layout(view);
        var image = new MonochromeImage();
        image.Fill(0, 0, MonochromeImage.Width, BitmapFont.CellHeight, lit: true);
        image.DrawText(1, 0, lines[0], lit: false);
        for (var line = 1; line < Lines - errorLines; line++)
        {
            if (lines[line].Length > 0)
                DrawLine(image, line, lines[line]);
        }
        for (var line = Lines - errorLines; line < Lines; line++)
        {
            image.Fill(0, line * BitmapFont.CellHeight, MonochromeImage.Width, BitmapFont.CellHeight, lit: true);
            image.DrawText(1, line * BitmapFont.CellHeight, lines[line], lit: false);
        }
        return image;
    }

    /// <summary>
    /// The panel's <see cref="Lines"/> lines of text as <see cref="Render"/> draws them (empty
    /// where nothing is), for a status page to say what the display shows.
    /// </summary>
    public static IReadOnlyList<string> Text(StatusView view) => Layout(view).Lines;

    /// <summary>Every line's text, and how many lines at the bottom are the (lit) error.</summary>
    private static (string[] Lines, int ErrorLines) Layout(StatusView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var lines = new string[Lines];
        Array.Fill(lines, "");

        var addressLines = AddressLines(view.Addresses);
        var errorLines = view.Error is { Length: > 0 } error ? Wrap(error, MaxErrorLines) : [];
        var pushLines = view.Push is null ? 0 : 1;
        // At most 2 address, 1 push and 2 error lines leave the title and two lines for cameras.
        var cameraLines = Lines - 1 - addressLines.Count - pushLines - errorLines.Count;

        lines[0] = Fit(view.DeviceName, Columns);
        var line = 1;
        foreach (var address in addressLines)
            lines[line++] = address;
        foreach (var camera in CameraTexts(view.Cameras, cameraLines))
            lines[line++] = camera;
        if (view.Push is { } push)
            lines[line] = Fit("push " + push, Columns);

        line = Lines - errorLines.Count;
        foreach (var text in errorLines)
            lines[line++] = text;
        return (lines, errorLines.Count);
    }

    /// <summary>"front    streaming  2": the name on the left, state and RTSP clients right-aligned, so states line up.</summary>
    internal static string CameraText(CameraLine camera)
    {
        var clients = camera.Clients.ToString(CultureInfo.InvariantCulture).PadLeft(2);
        var right = Fit(camera.State, Columns - clients.Length - 3) + " " + clients;
        return Fit(camera.Name, Columns - right.Length - 1).PadRight(Columns - right.Length) + right;
    }

    /// <summary><paramref name="text"/> if it fits in <paramref name="columns"/>, else cut with <see cref="Cut"/> as its last character.</summary>
    internal static string Fit(string text, int columns) =>
        text.Length <= columns ? text : string.Concat(text.AsSpan(0, Math.Max(0, columns - 1)), Cut.ToString());

    /// <summary>Word-wraps <paramref name="text"/> into at most <paramref name="maxLines"/> lines; what is left over is cut.</summary>
    internal static List<string> Wrap(string text, int maxLines)
    {
        var lines = new List<string>();
        var rest = text.Trim();
        while (rest.Length > 0 && lines.Count < maxLines)
        {
            if (rest.Length <= Columns)
            {
                lines.Add(rest);
                rest = "";
                break;
            }
            var space = rest.LastIndexOf(' ', Columns);
            var take = space > 0 ? space : Columns;
            lines.Add(rest[..take].TrimEnd());
            rest = rest[take..].TrimStart();
        }
        if (rest.Length > 0)
            lines[^1] = Fit(lines[^1] + " " + rest, Columns);
        return lines;
    }

    private static List<string> AddressLines(IReadOnlyList<string> addresses)
    {
        if (addresses.Count == 0)
            return ["no network address"];
        var lines = new List<string>();
        foreach (var address in addresses)
        {
            // A long IPv6 address runs on over a second line rather than being cut: it is what a person came to read.
            for (var start = 0; start < address.Length && lines.Count < MaxAddressLines; start += Columns)
                lines.Add(address.Substring(start, Math.Min(Columns, address.Length - start)));
        }
        return lines;
    }

    private static IEnumerable<string> CameraTexts(IReadOnlyList<CameraLine> cameras, int room)
    {
        if (cameras.Count == 0)
        {
            yield return "no cameras";
            yield break;
        }
        var shown = cameras.Count <= room ? cameras.Count : room - 1;
        for (var i = 0; i < shown; i++)
            yield return CameraText(cameras[i]);
        if (shown < cameras.Count)
            yield return string.Create(CultureInfo.InvariantCulture, $"+{cameras.Count - shown} more");
    }

    private static void DrawLine(MonochromeImage image, int line, string text) =>
        image.DrawText(0, line * BitmapFont.CellHeight, text);
}

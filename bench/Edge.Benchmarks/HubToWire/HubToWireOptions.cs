using System.Globalization;

namespace Edge.Benchmarks.HubToWire;

/// <summary>What the hub-to-wire measurement runs: <c>--seconds 20 --clients 1,10,50 --transports tcp,udp</c>.</summary>
public sealed record HubToWireOptions
{
    public static HubToWireOptions Default { get; } = new();

    /// <summary>Seconds measured per case, after every client plays and a settling pause.</summary>
    public int Seconds { get; init; } = 20;

    /// <summary>Client counts, one case each.</summary>
    public IReadOnlyList<int> Clients { get; init; } = [1, 10, 50];

    /// <summary>"tcp" (interleaved on the RTSP connection) and/or "udp".</summary>
    public IReadOnlyList<string> Transports { get; init; } = ["tcp", "udp"];

    public int Width { get; init; } = 1280;

    public int Height { get; init; } = 720;

    public int Fps { get; init; } = 30;

    /// <summary>
    /// libx264's target for the replayed clip: with the test pattern, 8000 kbit/s gives P pictures of
    /// about 20 KB and an IDR of about 120 KB, the sizes of a busy 720p scene (and the RTMP figures' feed).
    /// </summary>
    public int BitrateKbps { get; init; } = 8000;

    /// <exception cref="ArgumentException">An unknown option or a bad value, named.</exception>
    public static HubToWireOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
                throw new ArgumentException($"hub-to-wire: {name} needs a value.");
            var value = args[++i];
            options = name switch
            {
                "--seconds" => options with { Seconds = Number(name, value, 1, 3600) },
                "--clients" => options with { Clients = [.. value.Split(',').Select(v => Number(name, v, 1, 90))] },
                "--transports" => options with { Transports = [.. value.Split(',').Select(v => v is "tcp" or "udp" ? v : throw new ArgumentException($"hub-to-wire: --transports takes tcp and/or udp, got '{v}'."))] },
                "--bitrate-kbps" => options with { BitrateKbps = Number(name, value, 100, 50_000) },
                _ => throw new ArgumentException($"hub-to-wire: unknown option {name}; the options are --seconds, --clients, --transports, --bitrate-kbps."),
            };
        }

        return options;
    }

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new ArgumentException($"hub-to-wire: {name} takes whole numbers from {min} to {max}, got '{value}'.");
}

using BenchmarkDotNet.Running;
using Edge.Benchmarks;
using Edge.Benchmarks.Encoders;
using Edge.Benchmarks.Hub;
using Edge.Benchmarks.HubToWire;
using Edge.Benchmarks.Rtp;

// dotnet run -c Release --project bench/Edge.Benchmarks -- PART [options]
// PART: hub | encoders | rtp | hub-to-wire | all. BenchmarkDotNet options (--filter, --list flat,
// --job …) pass through for hub, encoders and rtp; hub-to-wire takes its own (see HubToWireOptions).

const string Usage = """
    usage: dotnet run -c Release --project bench/Edge.Benchmarks -- PART [options]

      hub           StreamHub publish with 1, 10, 50 readers, with and without 5 stalled readers
      encoders      libx264 through FfmpegVideoEncoder, test pattern drawing, YUYV/NV12 to I420
      rtp           H.264 RTP packetization (FU-A, default payload size)
      hub-to-wire   StreamHub.Publish to the last RTP packet at an RTSP client, p50/p99/max
      all           each of the above in turn

    BenchmarkDotNet options pass through for hub, encoders and rtp (e.g. --filter '*Publish*').
    hub-to-wire options: --seconds 20  --clients 1,10,50  --transports tcp,udp  --bitrate-kbps 8000
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

var part = args[0];
var rest = args[1..];
try
{
    switch (part)
    {
        case "hub":
            RunBenchmarks(rest, typeof(StreamHubBenchmarks));
            return 0;
        case "encoders":
            RunBenchmarks(rest, typeof(FfmpegEncoderBenchmarks), typeof(TestPatternBenchmarks), typeof(CaptionBenchmarks), typeof(I420ConversionBenchmarks));
            return 0;
        case "rtp":
            RunBenchmarks(rest, typeof(H264PacketizerBenchmarks));
            return 0;
        case "hub-to-wire":
            return await HubToWireMeasurement.RunAsync(HubToWireOptions.Parse(rest), Console.Out);
        case "all":
            RunBenchmarks(rest, typeof(StreamHubBenchmarks));
            RunBenchmarks(rest, typeof(FfmpegEncoderBenchmarks), typeof(TestPatternBenchmarks), typeof(CaptionBenchmarks), typeof(I420ConversionBenchmarks));
            RunBenchmarks(rest, typeof(H264PacketizerBenchmarks));
            return await HubToWireMeasurement.RunAsync(HubToWireOptions.Default, Console.Out);
        default:
            Console.Error.WriteLine($"unknown part '{part}'.");
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static void RunBenchmarks(string[] arguments, params Type[] types)
{
    // Without a filter BenchmarkDotNet asks on the console which benchmark to run; run them all.
    if (!arguments.Any(a => a is "--filter" or "-f" || a.StartsWith("--filter=", StringComparison.Ordinal)))
        arguments = [.. arguments, "--filter", "*"];
    BenchmarkSwitcher.FromTypes(types).Run(arguments, ShortInProcessConfig.Create());
}

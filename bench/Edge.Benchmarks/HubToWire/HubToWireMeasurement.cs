using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using Edge.Media.Streaming;
using Edge.Rtsp.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Benchmarks.HubToWire;

/// <summary>
/// The time from <see cref="StreamHub.Publish"/> to the arrival, at an RTSP client, of the access
/// unit's last RTP packet, for 1 to N clients over TCP interleaved or UDP: the real
/// <see cref="RtspServer"/> in this process on 127.0.0.1, a hub fed in real time from a pre-encoded
/// 720p clip (<see cref="PacedFeeder"/>), and <see cref="MinimalRtspClient"/>s reading on their own threads.
/// </summary>
/// <remarks>
/// Measured from outside: each unit carries its number in an SEI (<see cref="UnitTag"/>), the
/// feeder notes when it published each number and the clients when each number's marker packet
/// arrived; the server has no hook. The figure includes the loopback hop and the client thread's
/// wake-up (a few microseconds on an idle machine), which a real network replaces with its own.
/// Allocations are the whole process's during the measured window, per published frame: the
/// clients allocate nothing per packet, so they are the server's, the hub's and the feeder's.
/// </remarks>
public static class HubToWireMeasurement
{
    private const string StreamName = "cam";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(HubToWireOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        if (typeof(RtspServer).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false).OfType<DebuggableAttribute>().Any(a => a.IsJITOptimizerDisabled))
            output.WriteLine("warning: Edge.Rtsp is a Debug build; run with -c Release for figures worth keeping.");

        output.WriteLine($"hub-to-wire: encoding one GOP of the {options.Width}x{options.Height} test pattern at {options.BitrateKbps} kbit/s ...");
        var clip = EncodedClip.Encode(options.Width, options.Height, options.Fps, options.BitrateKbps);
        output.WriteLine($"clip: {clip.Units.Count} units by {clip.Encoder}; IDR {clip.IdrBytes / 1024.0:0.0} KiB, P {clip.MeanPBytes / 1024.0:0.0} KiB on average; "
            + $"{options.Fps} fps; {options.Seconds} s measured per case after {Settle.TotalSeconds:0} s of settling");
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        output.WriteLine();
        output.WriteLine("| transport | clients | units measured | p50 | p99 | max | units missing | allocated per frame | gen0 GCs |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");

        using var sampler = new AllocationSampler();
        var failed = false;
        foreach (var transport in options.Transports)
        {
            foreach (var clients in options.Clients)
            {
                var result = await MeasureAsync(clip, options, transport == "tcp", clients, sampler).ConfigureAwait(false);
                output.WriteLine(result.ToTableRow());
                foreach (var problem in result.Problems)
                    output.WriteLine($"  note: {problem}");
                if (result.AllocationTicks.Count > 0)
                    output.WriteLine("  allocated (GCAllocationTick samples, ~100 KB each): " + string.Join(", ", result.AllocationTicks.Select(t => $"{t.Type} {t.Ticks} ({t.Share:P0})")));
                failed |= result.Latencies.Count == 0;
            }
        }

        output.WriteLine();
        output.WriteLine("Latency: StreamHub.Publish to the marker packet's arrival at the client, loopback included; ms.");
        return failed ? 1 : 0;
    }

    private static async Task<HubToWireResult> MeasureAsync(EncodedClip clip, HubToWireOptions options, bool tcp, int clientCount, AllocationSampler sampler)
    {
        // Room for the joins, the settling, the measured window and the drain, with margin.
        var capacity = (options.Seconds + 60) * options.Fps;
        using var hub = new StreamHub(StreamName);
        using var feeder = new PacedFeeder(hub, clip, options.Fps, capacity);
        var server = await StartServerAsync(hub).ConfigureAwait(false);
        var clients = new List<MinimalRtspClient>();
        try
        {
            feeder.Start();
            var endpoint = server.LocalEndPoint!;
            var url = $"rtsp://127.0.0.1:{endpoint.Port}/{StreamName}";
            // All at once, as a recorder restarting its cameras would: they share the forced IDRs.
            for (var i = 0; i < clientCount; i++)
                clients.Add(new MinimalRtspClient(new IPEndPoint(IPAddress.Loopback, endpoint.Port), url, tcp, capacity));
            await Task.WhenAll(clients.Select(c => c.Playing)).WaitAsync(JoinTimeout).ConfigureAwait(false);

            await Task.Delay(Settle).ConfigureAwait(false);
            var first = feeder.Published;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var collectionsBefore = GC.CollectionCount(0);
            sampler.Start();
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds)).ConfigureAwait(false);
            var end = feeder.Published;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var collections = GC.CollectionCount(0) - collectionsBefore;
            var allocationTicks = sampler.Stop(top: 6);
            await Task.Delay(Drain).ConfigureAwait(false); // late units of the window still count
            await feeder.StopAsync().ConfigureAwait(false);

            var problems = new List<string>();
            foreach (var client in clients)
                client.Dispose();
            try
            {
                await server.StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // A session's send loop that died of an exception it does not catch surfaces here.
                problems.Add($"RtspServer.StopAsync threw {e.GetType().Name}: {e.Message} {e.StackTrace?.Split('\n')[0].Trim()}");
            }

            var frames = end - first;
            var latencies = new List<double>(clientCount * (int)frames);
            var clientsShort = 0;
            long worstShortfall = 0;
            foreach (var client in clients)
            {
                if (client.Failure is { } failure)
                    problems.Add($"a client stopped receiving: {failure}");
                var received = 0;
                for (var i = 0; i < client.Count; i++)
                {
                    var (tag, arrival) = client[i];
                    if (tag >= first && tag < end)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(feeder.PublishedAt(tag), arrival).TotalMilliseconds);
                        received++;
                    }
                }

                if (received < frames)
                {
                    clientsShort++;
                    worstShortfall = Math.Max(worstShortfall, frames - received);
                }
            }

            var missing = clientCount * frames - latencies.Count;
            if (missing > 0)
                problems.Add($"{missing} of {clientCount * frames} units never completed at a client: {clientsShort} client(s) short, the worst by {worstShortfall}");

            return new HubToWireResult(tcp ? "tcp" : "udp", clientCount, latencies, missing, frames == 0 ? 0 : (double)allocated / frames, collections, allocationTicks, problems);
        }
        finally
        {
            foreach (var client in clients)
                client.Dispose();
            if (!feeder.Stopped.IsCompleted)
                await feeder.StopAsync().ConfigureAwait(false);
            try
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Already reported when it came from the stop above; otherwise secondary to the failure in flight.
            }
        }
    }

    /// <summary>Starts a server on 127.0.0.1 with a free TCP port and a UDP port pair no one else holds.</summary>
    private static async Task<RtspServer> StartServerAsync(StreamHub hub)
    {
        const int Attempts = 20;
        for (var attempt = 1; ; attempt++)
        {
            var options = new RtspServerOptions
            {
                Listen = new IPEndPoint(IPAddress.Loopback, 0),
                DeviceName = "edge-bench",
                Transports = RtpTransports.Tcp | RtpTransports.Udp,
                UdpRtpPort = 20_000 + (2 * Random.Shared.Next(20_000)),
            };
            var server = new RtspServer(options, new SingleStreamCatalog(hub), health: null, TimeProvider.System, NullLogger.Instance);
            try
            {
                server.Start();
                return server;
            }
            catch (RtspBindException) when (attempt < Attempts)
            {
                await server.DisposeAsync().ConfigureAwait(false); // that UDP pair is taken: another
            }
        }
    }
}

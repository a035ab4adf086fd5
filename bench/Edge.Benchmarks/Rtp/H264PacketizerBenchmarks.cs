using BenchmarkDotNet.Attributes;
using Edge.Benchmarks.Support;
using Edge.Rtsp.Protocol.Rtp;

namespace Edge.Benchmarks.Rtp;

/// <summary>
/// One access unit into RTP packets with <see cref="H264RtpPacketizer"/> at the default payload
/// size (1400 bytes, so large slices go as FU-A fragments), into the reused
/// <see cref="RtpPacketList"/> a session keeps: as for a UDP client (no prefix), and as for a
/// TCP-interleaved client (4-byte <c>$ channel length</c> prefixes written after packetizing).
/// </summary>
[MemoryDiagnoser]
public class H264PacketizerBenchmarks
{
    private H264RtpPacketizer? _packetizer;
    private RtpPacketList? _packets;
    private byte[] _unit = [];
    private uint _timestamp;

    /// <summary>The IDR (SPS, PPS and a 100 KB slice: a STAP-A and 74 FU-A) or a 20 KB P picture (15 FU-A).</summary>
    [Params("IDR 100 KB", "P 20 KB")]
    public string Unit { get; set; } = "IDR 100 KB";

    [Params("udp", "tcp")]
    public string Transport { get; set; } = "udp";

    [GlobalSetup]
    public void Setup()
    {
        // GOP index 20 is a 20 KB P picture (SyntheticGop.PSliceBytes).
        _unit = SyntheticGop.AnnexB(Unit.StartsWith("IDR", StringComparison.Ordinal) ? 0 : 20);
        _packetizer = new H264RtpPacketizer(ssrc: 0x1234_5678, initialSequenceNumber: 1);
        _packets = new RtpPacketList(Transport == "tcp" ? RtpPacketList.InterleavedPrefixBytes : 0);
        Packetize(); // the list grows to its working size once, as in a session
        Console.WriteLine($"// {Unit}: {_unit.Length} bytes → {_packets.Count} RTP packets");
    }

    [Benchmark]
    public int Packetize()
    {
        var packets = _packets!;
        packets.Clear();
        _timestamp += 3000;
        _packetizer!.Packetize(_unit, _timestamp, packets);
        if (packets.PrefixBytes != 0)
            packets.WriteInterleavedPrefixes(0);
        return packets.Count;
    }

    [GlobalCleanup]
    public void Cleanup() => _packets?.Dispose();
}

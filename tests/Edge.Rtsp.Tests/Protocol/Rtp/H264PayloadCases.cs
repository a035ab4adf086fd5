using Edge.Rtsp.Tests.Protocol.Support;

namespace Edge.Rtsp.Tests.Protocol.Rtp;

/// <summary>One access unit and the RTP payloads RFC 6184 says it becomes.</summary>
/// <param name="Name">What the case shows.</param>
/// <param name="MaxPayloadSize">The packetizer's payload limit.</param>
/// <param name="Units">The NAL units of the access unit, in order.</param>
/// <param name="Packets">The RTP payloads and marker bits, in order.</param>
/// <param name="Decoded">The NAL units a receiver gets back (access unit delimiters and filler are not sent).</param>
public sealed record H264PayloadCase(string Name, int MaxPayloadSize, byte[][] Units, (byte[] Payload, bool Marker)[] Packets, byte[][] Decoded)
{
    public byte[] AccessUnit => Nal.AnnexB(Units);

    public override string ToString() => Name;
}

/// <summary>
/// The table shared by the packetizer and depacketizer tests: each case is checked one way
/// (access unit to packets) and the other (packets to access unit).
/// </summary>
internal static class H264PayloadCases
{
    private const byte FuA = 28;

    private static readonly byte[] Sps = Nal.Make(Nal.Sps, 20, seed: 1);
    private static readonly byte[] Pps = Nal.Make(Nal.Pps, 5, seed: 2);
    private static readonly byte[] Sei = Nal.Make(Nal.Sei, 10, seed: 3, nri: 0);
    private static readonly byte[] Aud = [0x09, 0xF0];

    public static IReadOnlyList<H264PayloadCase> All { get; } = Build();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All)
            data.Add(c.Name);
        return data;
    }

    public static H264PayloadCase Get(string name) => All.Single(c => c.Name == name);

    private static List<H264PayloadCase> Build()
    {
        var cases = new List<H264PayloadCase>();

        var idr = Nal.Make(Nal.Idr, 50, seed: 10);
        cases.Add(new("single NAL unit", 1400, [idr], [(idr, true)], [idr]));

        var slice = Nal.Make(Nal.Slice, 300, seed: 11, nri: 2);
        cases.Add(new("single non-IDR slice keeps its NRI", 1400, [slice], [(slice, true)], [slice]));

        cases.Add(new(
            "SPS and PPS aggregated in a STAP-A before the IDR",
            1400,
            [Sps, Pps, idr],
            [(Concat([0x78, 0, 20], Sps, [0, 5], Pps), false), (idr, true)],
            [Sps, Pps, idr]));

        var sps1 = Nal.Make(Nal.Sps, 20, seed: 1, nri: 1);
        var pps2 = Nal.Make(Nal.Pps, 5, seed: 2, nri: 2);
        cases.Add(new(
            "STAP-A NRI is the highest of its units",
            1400,
            [sps1, pps2, idr],
            [(Concat([0x58, 0, 20], sps1, [0, 5], pps2), false), (idr, true)],
            [sps1, pps2, idr]));

        cases.Add(new(
            "SPS, PPS and SEI aggregated together",
            1400,
            [Sps, Pps, Sei, idr],
            [(Concat([0x78, 0, 20], Sps, [0, 5], Pps, [0, 10], Sei), false), (idr, true)],
            [Sps, Pps, Sei, idr]));

        var filler = Concat([0x0C], Enumerable.Repeat((byte)0xFF, 9).ToArray(), [0x80]);
        cases.Add(new(
            "access unit delimiter and filler data are dropped",
            1400,
            [Aud, Sps, Pps, idr, filler],
            [(Concat([0x78, 0, 20], Sps, [0, 5], Pps), false), (idr, true)],
            [Sps, Pps, idr]));

        var lone = Nal.Make(Nal.Slice, 100, seed: 12);
        cases.Add(new(
            "a lone SEI before the slice travels alone",
            1400,
            [Sei, lone],
            [(Sei, false), (lone, true)],
            [Sei, lone]));

        // 1 (STAP-A header) + 2 + 60 + 2 + 35 = 100 bytes: exactly the limit.
        var sps60 = Nal.Make(Nal.Sps, 60, seed: 13);
        var pps35 = Nal.Make(Nal.Pps, 35, seed: 14);
        var small = Nal.Make(Nal.Idr, 20, seed: 15);
        cases.Add(new(
            "STAP-A exactly at the payload limit",
            100,
            [sps60, pps35, small],
            [(Concat([0x78, 0, 60], sps60, [0, 35], pps35), false), (small, true)],
            [sps60, pps35, small]));

        var pps36 = Nal.Make(Nal.Pps, 36, seed: 16);
        cases.Add(new(
            "STAP-A one byte over the limit becomes single packets",
            100,
            [sps60, pps36, small],
            [(sps60, false), (pps36, false), (small, true)],
            [sps60, pps36, small]));

        var exact = Nal.Make(Nal.Slice, 100, seed: 17);
        cases.Add(new("NAL unit exactly at the payload limit", 100, [exact], [(exact, true)], [exact]));

        var over = Nal.Make(Nal.Slice, 101, seed: 18);
        cases.Add(new(
            "NAL unit one byte over the limit is fragmented",
            100,
            [over],
            [(Concat([0x7C, 0x81], over[1..99]), false), (Concat([0x7C, 0x41], over[99..]), true)],
            [over]));

        var idr30 = Nal.Make(Nal.Idr, 30, seed: 19);
        cases.Add(new(
            "FU-A at the smallest payload size",
            16,
            [idr30],
            [
                (Concat([0x7C, 0x85], idr30[1..15]), false),
                (Concat([0x7C, 0x05], idr30[15..29]), false),
                (Concat([0x7C, 0x45], idr30[29..]), true),
            ],
            [idr30]));

        var low = Nal.Make(Nal.Slice, 40, seed: 20, nri: 0);
        cases.Add(new(
            "FU-A indicator carries NRI 0",
            16,
            [low],
            [
                (Concat([0x1C, 0x81], low[1..15]), false),
                (Concat([0x1C, 0x01], low[15..29]), false),
                (Concat([0x1C, 0x41], low[29..]), true),
            ],
            [low]));

        foreach (var mtu in new[] { 16, 100, 576, 1200, 1400, 1500, 9000 })
        {
            var big = Nal.Make(Nal.Idr, 20_000, seed: mtu);
            cases.Add(new($"FU-A of 20000 bytes at payload size {mtu}", mtu, [Sps, Pps, big], [.. Aggregate(mtu, Sps, Pps), .. Fragments(big, mtu, last: true)], [Sps, Pps, big]));
        }

        var s1 = Nal.Make(Nal.Idr, 500, seed: 21);
        var s2 = Nal.Make(Nal.Idr, 500, seed: 22);
        var s3 = Nal.Make(Nal.Idr, 3000, seed: 23);
        var s4 = Nal.Make(Nal.Idr, 10, seed: 24);
        cases.Add(new(
            "many slices: single packets and fragments, marker on the last",
            1400,
            [Sps, Pps, s1, s2, s3, s4],
            [
                (Concat([0x78, 0, 20], Sps, [0, 5], Pps), false),
                (s1, false),
                (s2, false),
                (Concat([0x7C, 0x85], s3[1..1399]), false),
                (Concat([0x7C, 0x05], s3[1399..2797]), false),
                (Concat([0x7C, 0x45], s3[2797..]), false),
                (s4, true),
            ],
            [Sps, Pps, s1, s2, s3, s4]));

        var tail = Nal.Make(Nal.Slice, 50, seed: 25);
        cases.Add(new(
            "SEI after the slice is not aggregated and takes the marker",
            1400,
            [tail, Sei],
            [(tail, false), (Sei, true)],
            [tail, Sei]));

        var bigSei = Nal.Make(Nal.Sei, 300, seed: 26, nri: 0);
        var sps10 = Nal.Make(Nal.Sps, 10, seed: 27);
        var after = Nal.Make(Nal.Slice, 20, seed: 28);
        cases.Add(new(
            "large SEI before the slice is fragmented, small parameter sets still aggregated",
            100,
            [sps10, Pps, bigSei, after],
            [
                (Concat([0x78, 0, 10], sps10, [0, 5], Pps), false),
                (Concat([0x1C, 0x86], bigSei[1..99]), false),
                (Concat([0x1C, 0x06], bigSei[99..197]), false),
                (Concat([0x1C, 0x06], bigSei[197..295]), false),
                (Concat([0x1C, 0x46], bigSei[295..]), false),
                (after, true),
            ],
            [sps10, Pps, bigSei, after]));

        cases.Add(new(
            "parameter sets alone: the STAP-A takes the marker",
            1400,
            [Sps, Pps],
            [(Concat([0x78, 0, 20], Sps, [0, 5], Pps), true)],
            [Sps, Pps]));

        return cases;
    }

    private static IEnumerable<(byte[], bool)> Aggregate(int mtu, byte[] sps, byte[] pps)
    {
        if (1 + 2 + sps.Length + 2 + pps.Length <= mtu)
            return [(Concat([0x78, 0, (byte)sps.Length], sps, [0, (byte)pps.Length], pps), false)];
        return [.. Single(sps, mtu), .. Single(pps, mtu)];
    }

    private static IEnumerable<(byte[], bool)> Single(byte[] nal, int mtu) =>
        nal.Length <= mtu ? [(nal, false)] : Fragments(nal, mtu, last: false);

    private static IEnumerable<(byte[], bool)> Fragments(byte[] nal, int mtu, bool last)
    {
        var indicator = (byte)((nal[0] & 0xE0) | FuA);
        var type = (byte)(nal[0] & 0x1F);
        var chunk = mtu - 2;
        for (var offset = 1; offset < nal.Length; offset += chunk)
        {
            var end = Math.Min(offset + chunk, nal.Length);
            var header = (byte)((offset == 1 ? 0x80 : 0) | (end == nal.Length ? 0x40 : 0) | type);
            yield return (Concat([indicator, header], nal[offset..end]), last && end == nal.Length);
        }
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}

using Edge.Media.H264;

namespace Edge.Media.Mp4;

/// <summary>
/// The initialization segment of a fragmented MP4 with one H.264 track: <c>ftyp</c> and a
/// <c>moov</c> whose sample tables are empty (the samples come in <c>moof</c>/<c>mdat</c>
/// fragments, announced by <c>mvex</c>/<c>trex</c>). What Media Source Extensions and players of
/// progressive fMP4 need before the first fragment (ISO/IEC 14496-12 8.8, 14496-15 5.4).
/// </summary>
public static class FragmentedMp4InitSegment
{
    /// <summary>The only track's ID, which every fragment's <c>tfhd</c> repeats.</summary>
    public const uint TrackId = 1;

    /// <summary>Units per second of the track's timestamps: the 90 kHz clock of H.264 and RTP.</summary>
    public const uint Timescale = MediaClock.Rate90kHz;

    /// <summary>
    /// The MIME type with codec string (RFC 6381) a browser needs for <c>MediaSource.isTypeSupported</c>
    /// and <c>addSourceBuffer</c>, e.g. <c>video/mp4; codecs="avc1.42c01f"</c>.
    /// </summary>
    public static string MimeType(H264Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return $"video/mp4; codecs=\"avc1.{parameters.ProfileLevelId}\"";
    }

    /// <summary>Builds the segment for the stream described by <paramref name="parameters"/>.</summary>
    public static byte[] Create(H264Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var record = parameters.DecoderConfigurationRecord;
        var sps = parameters.SequenceParameterSet;
        // Everything but avcC has a fixed size well under 1 KiB.
        var buffer = new byte[1024 + record.Size];
        var box = new Mp4BoxWriter(buffer);

        var ftyp = box.BeginBox("ftyp");
        box.WriteFourCc("isom");
        box.WriteUInt32(0x200);
        box.WriteFourCc("isom");
        box.WriteFourCc("iso6");
        box.WriteFourCc("avc1");
        box.WriteFourCc("mp41");
        box.EndBox(ftyp);

        var moov = box.BeginBox("moov");
        WriteMovieHeader(ref box);
        var trak = box.BeginBox("trak");
        WriteTrackHeader(ref box, sps.Width, sps.Height);
        var mdia = box.BeginBox("mdia");
        WriteMediaHeader(ref box);
        WriteHandler(ref box);
        var minf = box.BeginBox("minf");
        var vmhd = box.BeginFullBox("vmhd", 0, 1);
        box.WriteZeros(8); // graphicsmode, opcolor
        box.EndBox(vmhd);
        WriteDataInformation(ref box);
        var stbl = box.BeginBox("stbl");
        WriteSampleDescription(ref box, sps.Width, sps.Height, record);
        WriteEmptyTable(ref box, "stts");
        WriteEmptyTable(ref box, "stsc");
        var stsz = box.BeginFullBox("stsz", 0, 0);
        box.WriteUInt32(0); // sample_size
        box.WriteUInt32(0); // sample_count
        box.EndBox(stsz);
        WriteEmptyTable(ref box, "stco");
        box.EndBox(stbl);
        box.EndBox(minf);
        box.EndBox(mdia);
        box.EndBox(trak);
        var mvex = box.BeginBox("mvex");
        var trex = box.BeginFullBox("trex", 0, 0);
        box.WriteUInt32(TrackId);
        box.WriteUInt32(1); // default_sample_description_index
        box.WriteUInt32(0); // default_sample_duration: every trun carries its own
        box.WriteUInt32(0); // default_sample_size
        box.WriteUInt32(0); // default_sample_flags
        box.EndBox(trex);
        box.EndBox(mvex);
        box.EndBox(moov);

        return buffer.AsSpan(0, box.Position).ToArray();
    }

    private static void WriteMovieHeader(ref Mp4BoxWriter box)
    {
        var mvhd = box.BeginFullBox("mvhd", 0, 0);
        box.WriteUInt32(0); // creation_time
        box.WriteUInt32(0); // modification_time
        box.WriteUInt32(Timescale);
        box.WriteUInt32(0); // duration: unknown, the movie is live
        box.WriteUInt32(0x00010000); // rate 1.0
        box.WriteUInt16(0x0100); // volume 1.0
        box.WriteZeros(10);
        box.WriteUnityMatrix();
        box.WriteZeros(24); // pre_defined
        box.WriteUInt32(TrackId + 1); // next_track_ID
        box.EndBox(mvhd);
    }

    private static void WriteTrackHeader(ref Mp4BoxWriter box, int width, int height)
    {
        var tkhd = box.BeginFullBox("tkhd", 0, 0x3); // enabled, in movie
        box.WriteUInt32(0); // creation_time
        box.WriteUInt32(0); // modification_time
        box.WriteUInt32(TrackId);
        box.WriteUInt32(0);
        box.WriteUInt32(0); // duration
        box.WriteZeros(8);
        box.WriteUInt16(0); // layer
        box.WriteUInt16(0); // alternate_group
        box.WriteUInt16(0); // volume: a video track is silent
        box.WriteUInt16(0);
        box.WriteUnityMatrix();
        box.WriteUInt32((uint)width << 16);
        box.WriteUInt32((uint)height << 16);
        box.EndBox(tkhd);
    }

    private static void WriteMediaHeader(ref Mp4BoxWriter box)
    {
        var mdhd = box.BeginFullBox("mdhd", 0, 0);
        box.WriteUInt32(0);
        box.WriteUInt32(0);
        box.WriteUInt32(Timescale);
        box.WriteUInt32(0); // duration
        box.WriteUInt16(0x55C4); // language "und", three 5-bit letters
        box.WriteUInt16(0);
        box.EndBox(mdhd);
    }

    private static void WriteHandler(ref Mp4BoxWriter box)
    {
        var hdlr = box.BeginFullBox("hdlr", 0, 0);
        box.WriteUInt32(0); // pre_defined
        box.WriteFourCc("vide");
        box.WriteZeros(12);
        box.WriteBytes("Edge video\0"u8);
        box.EndBox(hdlr);
    }

    private static void WriteDataInformation(ref Mp4BoxWriter box)
    {
        var dinf = box.BeginBox("dinf");
        var dref = box.BeginFullBox("dref", 0, 0);
        box.WriteUInt32(1);
        var url = box.BeginFullBox("url ", 0, 1); // flag 1: the media is in this file
        box.EndBox(url);
        box.EndBox(dref);
        box.EndBox(dinf);
    }

    private static void WriteSampleDescription(ref Mp4BoxWriter box, int width, int height, AvcDecoderConfigurationRecord record)
    {
        var stsd = box.BeginFullBox("stsd", 0, 0);
        box.WriteUInt32(1);
        var avc1 = box.BeginBox("avc1");
        box.WriteZeros(6);
        box.WriteUInt16(1); // data_reference_index
        box.WriteZeros(16); // pre_defined, reserved
        box.WriteUInt16((ushort)width);
        box.WriteUInt16((ushort)height);
        box.WriteUInt32(0x00480000); // 72 dpi
        box.WriteUInt32(0x00480000);
        box.WriteUInt32(0);
        box.WriteUInt16(1); // frame_count
        box.WriteZeros(32); // compressorname
        box.WriteUInt16(0x0018); // depth
        box.WriteUInt16(0xFFFF); // pre_defined = -1
        var avcC = box.BeginBox("avcC");
        record.WriteTo(box.Reserve(record.Size));
        box.EndBox(avcC);
        box.EndBox(avc1);
        box.EndBox(stsd);
    }

    private static void WriteEmptyTable(ref Mp4BoxWriter box, string type)
    {
        var table = box.BeginFullBox(type, 0, 0);
        box.WriteUInt32(0); // entry_count
        box.EndBox(table);
    }
}

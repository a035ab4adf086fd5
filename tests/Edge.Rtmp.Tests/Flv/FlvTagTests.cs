using System.Buffers;
using Edge.Media.H264;
using Edge.Rtmp.Amf;
using Edge.Rtmp.Flv;

namespace Edge.Rtmp.Tests.Flv;

/// <summary>FLV tag bodies (FLV 10.1, annex E) as RTMP audio, video and data payloads.</summary>
public sealed class FlvTagTests
{
    // Constrained Baseline 3.1, 1280x720, from libx264 (the same bytes as Edge.Media's tests).
    private static readonly byte[] Sps = Convert.FromHexString("6742c01fd9005005bb0110000003001000000303c0f1832480");
    private static readonly byte[] Pps = Convert.FromHexString("68cb83cb20");

    [Fact]
    public void SequenceHeader_IsKeyframeAvc_PacketType0_CompositionTime0_ThenTheRecord()
    {
        var record = AvcDecoderConfigurationRecord.Create(Sps, Pps);
        var tag = new byte[FlvVideoTag.SequenceHeaderLength(record)];

        var length = FlvVideoTag.WriteSequenceHeader(tag, record);

        Assert.Equal(tag.Length, length);
        // 0x17: frame type 1 (key) << 4 | codec 7 (AVC); 00: sequence header; 000000: composition time.
        // Record: version 1, profile 0x42, compatibility 0xC0, level 0x1F, 0xFF (4-byte lengths),
        // 0xE1 (one SPS), its length and bytes, one PPS, its length and bytes.
        var expected = "1700000000" + "0142C01FFF" + "E1" + "0019" + Convert.ToHexString(Sps) + "01" + "0005" + Convert.ToHexString(Pps);
        Assert.Equal(expected, Convert.ToHexString(tag));
    }

    [Fact]
    public void Nalu_IsLengthPrefixedNalUnits_WithTheKeyframeFlag()
    {
        byte[] annexB = [0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x1F, 0, 0, 1, 0x68, 0xCB, 0, 0, 0, 1, 0x65, 0x88, 0x84];
        var tag = new byte[FlvVideoTag.NaluLength(annexB)];

        var keyframe = Convert.ToHexString(tag.AsSpan(0, FlvVideoTag.WriteNalu(tag, annexB, keyframe: true)));
        var interframe = Convert.ToHexString(tag.AsSpan(0, FlvVideoTag.WriteNalu(tag, annexB, keyframe: false)));

        const string Avcc = "00000004" + "6742C01F" + "00000002" + "68CB" + "00000003" + "658884";
        Assert.Equal("1701000000" + Avcc, keyframe);
        Assert.Equal("2701000000" + Avcc, interframe); // frame type 2: inter frame
    }

    [Fact]
    public void AacHeaders_AreAF_ThenThePacketType()
    {
        var header = new byte[2];

        FlvAudioTag.WriteAacHeader(header, AacPacketType.SequenceHeader);
        Assert.Equal("AF00", Convert.ToHexString(header));
        FlvAudioTag.WriteAacHeader(header, AacPacketType.Raw);
        Assert.Equal("AF01", Convert.ToHexString(header));
    }

    [Fact]
    public void Metadata_IsSetDataFrame_OnMetaData_AndAnEcmaArray()
    {
        var output = new ArrayBufferWriter<byte>();

        FlvMetadata.Write(output, new StreamMetadata(1280, 720, 30, 2500, HasAudio: true, "Edge"));

        var reader = new Amf0Reader(output.WrittenSpan);
        Assert.Equal("@setDataFrame", reader.ReadValue().String);
        Assert.Equal("onMetaData", reader.ReadValue().String);
        var metadata = reader.ReadValue();
        Assert.Equal(Amf0Type.EcmaArray, metadata.Type);
        Assert.Equal(0, reader.Remaining);
        Assert.Equal(1280.0, metadata["width"]!.Number);
        Assert.Equal(720.0, metadata["height"]!.Number);
        Assert.Equal(30.0, metadata["framerate"]!.Number);
        Assert.Equal(2500.0, metadata["videodatarate"]!.Number);
        Assert.Equal(7.0, metadata["videocodecid"]!.Number);
        Assert.Equal(10.0, metadata["audiocodecid"]!.Number);
        Assert.Equal(44100.0, metadata["audiosamplerate"]!.Number);
        Assert.False(metadata["stereo"]!.Boolean);
        Assert.Equal("Edge", metadata.GetString("encoder"));
        Assert.Equal(BinaryCount(output.WrittenSpan), metadata.Properties.Count);
    }

    [Fact]
    public void Metadata_WithoutAudio_HasNoAudioFields()
    {
        var output = new ArrayBufferWriter<byte>();

        FlvMetadata.Write(output, new StreamMetadata(320, 240, 25, 500, HasAudio: false, "Edge"));

        var reader = new Amf0Reader(output.WrittenSpan);
        reader.ReadValue();
        reader.ReadValue();
        var metadata = reader.ReadValue();
        Assert.Null(metadata["audiocodecid"]);
        Assert.Equal(BinaryCount(output.WrittenSpan), metadata.Properties.Count);
    }

    /// <summary>The count an ECMA array declares (after "@setDataFrame" and "onMetaData").</summary>
    private static int BinaryCount(ReadOnlySpan<byte> payload)
    {
        var offset = 3 + "@setDataFrame".Length + 3 + "onMetaData".Length;
        Assert.Equal(0x08, payload[offset]);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(payload[(offset + 1)..]);
    }
}

using Edge.Rtmp.Client;
using Edge.Rtmp.Flv;

namespace Edge.Rtmp.Tests.Flv;

/// <summary>The silent AAC track: its configuration, its frame, and its pacing against the video.</summary>
public sealed class SilentAacTests
{
    [Fact]
    public void AudioSpecificConfig_IsAacLc_44100Hz_Mono()
    {
        var config = SilentAac.AudioSpecificConfig;
        var bits = (config[0] << 8) | config[1];

        Assert.Equal(2, bits >> 11); // audioObjectType: AAC LC
        Assert.Equal(4, (bits >> 7) & 0xF); // samplingFrequencyIndex 4: 44100 Hz
        Assert.Equal(1, (bits >> 3) & 0xF); // channelConfiguration 1: mono
        Assert.Equal(0, bits & 0x7); // 1024-sample frames, no core coder, no extension
    }

    [Fact]
    public void SilentFrame_IsOneChannelElementWithNoBands_ThenEnd()
    {
        var frame = SilentAac.SilentFrame;
        var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame);

        Assert.Equal(0u, bits >> 29); // id_syn_ele: ID_SCE
        Assert.Equal(0u, (bits >> 7) & 0x3F); // max_sfb 0: no spectral data, so silence
        Assert.Equal(7u, bits & 0x7); // id_syn_ele: ID_END, on the byte boundary
    }

    [Fact]
    public void Frames_AreDueUpToTheVideoTime_AtTheAacFrameRate()
    {
        var track = new SilentAudioTrack();
        var times = new List<long>();

        for (var video = 0L; video <= 10_000; video += 40)
        {
            while (track.TryTakeFrameDue(video, out var audio))
            {
                Assert.True(audio <= video, $"audio frame at {audio} ms sent before video at {video} ms");
                times.Add(audio);
            }
        }

        // Frame i is at floor(i * 1024000 / 44100) ms: 431 frames (0 … 430) fit in 10 s.
        Assert.Equal(431, times.Count);
        Assert.Equal([0L, 23, 46, 69, 92], times.Take(5));
        Assert.Equal(SilentAac.FrameTimeMilliseconds(430), times[^1]);
        Assert.True(times.Zip(times.Skip(1)).All(p => p.Second - p.First is 23 or 24));
    }

    [Fact]
    public void AfterAGapInTheVideo_AudioSkipsAhead_InsteadOfBurstingOutABacklog()
    {
        var track = new SilentAudioTrack();
        while (track.TryTakeFrameDue(1000, out _))
        {
        }
        var before = track.FramesSent;

        var burst = 0;
        while (track.TryTakeFrameDue(60_000, out var time))
        {
            burst++;
            Assert.InRange(time, 59_000, 60_000);
        }

        Assert.InRange(burst, 1, 10);
        Assert.Equal(before + burst, track.FramesSent);
    }
}

using Edge.Tests.Shared;
using Edge.Video.Overlay;

namespace Edge.Video.Tests.Overlay;

public sealed class TextOverlayTests
{
    private const byte Grey = 128;

    private static VideoFrame GreyFrame(VideoFramePool pool)
    {
        var frame = pool.Rent();
        frame.PlaneY.Fill(Grey);
        frame.PlaneU.Fill(90);
        frame.PlaneV.Fill(170);
        return frame;
    }

    [Theory]
    [InlineData(OverlayPosition.TopLeft)]
    [InlineData(OverlayPosition.TopRight)]
    [InlineData(OverlayPosition.BottomLeft)]
    [InlineData(OverlayPosition.BottomRight)]
    public void TheTextReadsBack_InItsCorner_OnABlackBox_AndNothingElseChanges(OverlayPosition position)
    {
        var pool = new VideoFramePool(640, 360, 1);
        using var frame = GreyFrame(pool);
        var overlay = new TextOverlay(640, 360, position);
        const string Text = "porch 2026-12-07 16:03:19 #42";

        overlay.Draw(frame, Text);

        var boxWidth = Text.Length * 6 * overlay.Scale + 2 * overlay.Margin - overlay.Scale & ~1;
        var boxHeight = 8 * overlay.Scale + 2 * overlay.Margin;
        var left = position is OverlayPosition.TopLeft or OverlayPosition.BottomLeft ? overlay.Margin : (640 - overlay.Margin - boxWidth) & ~1;
        var top = position is OverlayPosition.TopLeft or OverlayPosition.TopRight ? overlay.Margin : (360 - overlay.Margin - boxHeight) & ~1;
        Assert.Equal(Text, CaptionReader.ReadLine(frame.PlaneY, frame.StrideY, left + overlay.Margin, top + overlay.Margin, overlay.Scale, 64));
        // The box's corners are black with neutral chroma; just outside it, the picture is as it was.
        Assert.Equal(16, frame.PlaneY[top * frame.StrideY + left]);
        Assert.Equal(16, frame.PlaneY[(top + boxHeight - 1) * frame.StrideY + left + boxWidth - 1]);
        Assert.Equal(128, frame.PlaneU[top / 2 * frame.StrideUV + left / 2]);
        Assert.Equal(Grey, frame.PlaneY[(top + boxHeight) * frame.StrideY + left]);
        Assert.Equal(Grey, frame.PlaneY[top * frame.StrideY + left + boxWidth]);
        Assert.Equal(90, frame.PlaneU[(top + boxHeight) / 2 * frame.StrideUV + left / 2]);
        var changed = 0;
        for (var y = 0; y < 360; y++)
        {
            for (var x = 0; x < 640; x++)
            {
                var inBox = x >= left && x < left + boxWidth && y >= top && y < top + boxHeight;
                if (!inBox && frame.PlaneY[y * frame.StrideY + x] != Grey)
                    changed++;
            }
        }
        Assert.Equal(0, changed);
    }

    [Fact]
    public void SeveralLines_AreDrawnOneUnderTheOther()
    {
        var pool = new VideoFramePool(640, 360, 1);
        using var frame = GreyFrame(pool);
        var overlay = new TextOverlay(640, 360, OverlayPosition.TopLeft, scale: 2);

        overlay.Draw(frame, "front\nTue 16:03");

        var x = overlay.Margin * 2;
        var y = overlay.Margin * 2;
        Assert.Equal("front", CaptionReader.ReadLine(frame.PlaneY, frame.StrideY, x, y, 2, 5));
        Assert.Equal("Tue 16:03", CaptionReader.ReadLine(frame.PlaneY, frame.StrideY, x, y + 16, 2, 9));
    }

    [Theory]
    [InlineData(240, 1)]
    [InlineData(480, 2)]
    [InlineData(720, 3)]
    [InlineData(1080, 4)]
    [InlineData(2160, 9)]
    public void TheScale_FollowsThePictureHeight(int height, int scale) =>
        Assert.Equal(scale, TextOverlay.ScaleFor(height));

    [Theory]
    [InlineData(64, 32, OverlayPosition.BottomRight)]
    [InlineData(320, 180, OverlayPosition.TopLeft)]
    [InlineData(16, 16, OverlayPosition.TopRight)]
    public void TextLongerThanThePicture_IsCutAtItsEdge_NeverWrittenOutside(int width, int height, OverlayPosition position)
    {
        var pool = new VideoFramePool(width, height, 1);
        using var frame = GreyFrame(pool);
        var overlay = new TextOverlay(width, height, position, scale: 4);

        overlay.Draw(frame, new string('W', 200) + "\n" + new string('M', 200) + "\nthird line\nfourth");

        // Every row still has its grey margin on the right: nothing ran past the box.
        for (var y = 0; y < height; y++)
            Assert.Equal(Grey, frame.PlaneY[y * frame.StrideY + width - 1]);
    }

    [Fact]
    public void AFrameOfAnotherSize_IsRefused()
    {
        var pool = new VideoFramePool(320, 180, 1);
        using var frame = GreyFrame(pool);

        Assert.Throws<ArgumentException>(() => new TextOverlay(640, 360, OverlayPosition.TopLeft).Draw(frame, "x"));
    }
}

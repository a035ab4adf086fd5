using Edge.Video.Sources.V4l2;

namespace Edge.Video.Tests.V4l2;

public class V4l2FormatNegotiatorTests
{
    // A UVC webcam as they typically are: YUYV fast only at small sizes, MJPEG fast everywhere.
    private static readonly V4l2CaptureDeviceDescription Webcam = new("/dev/video0", "uvcvideo", "HD Webcam", IsMultiPlanar: false,
    [
        Format("YUYV",
            Size(640, 480, 30, 25, 15),
            Size(1280, 720, 10, 5),
            Size(1920, 1080, 5)),
        Format("MJPG",
            Size(640, 480, 30),
            Size(1280, 720, 30, 15),
            Size(1920, 1080, 30)),
    ]);

    [Fact]
    public void Auto_takes_the_raw_format_when_it_has_the_size_and_rate()
    {
        var mode = V4l2FormatNegotiator.Choose(Webcam, Request(640, 480, 30));
        Assert.Equal(FourCC.Yuyv, mode.PixelFormat);
        Assert.Equal(new V4l2Fraction(1, 30), mode.Interval);
        Assert.True(mode.RateListed);
        Assert.False(mode.IsH264);
    }

    [Fact]
    public void Auto_prefers_cheaper_raw_formats_then_h264_before_mjpeg()
    {
        var device = Describe(
            Format("YUYV", Size(1280, 720, 30)),
            Format("NV12", Size(1280, 720, 30)),
            Format("H264", Size(1280, 720, 30)),
            Format("MJPG", Size(1280, 720, 30)));
        Assert.Equal(FourCC.Nv12, V4l2FormatNegotiator.Choose(device, Request(1280, 720, 30)).PixelFormat);

        var slowRaw = Describe(
            Format("YUYV", Size(1280, 720, 10)),
            Format("MJPG", Size(1280, 720, 30)),
            Format("H264", Size(1280, 720, 30)));
        var mode = V4l2FormatNegotiator.Choose(slowRaw, Request(1280, 720, 30));
        Assert.Equal(FourCC.H264, mode.PixelFormat);
        Assert.True(mode.IsH264);

        // With a decoder, MJPEG is the last resort; without one it is never chosen.
        var mjpegOnly = Describe(Format("YUYV", Size(1280, 720, 10)), Format("MJPG", Size(1280, 720, 30)));
        Assert.Equal(FourCC.Mjpeg, V4l2FormatNegotiator.Choose(mjpegOnly, Request(1280, 720, 30), canDecodeMjpeg: true).PixelFormat);
        Assert.Throws<CameraFormatException>(() => V4l2FormatNegotiator.Choose(mjpegOnly, Request(1280, 720, 30)));
    }

    [Fact]
    public void The_error_names_the_request_lists_the_offers_and_the_config_keys()
    {
        var error = Assert.Throws<CameraFormatException>(() => V4l2FormatNegotiator.Choose(Webcam, Request(1920, 1080, 30, V4l2CaptureFormat.Yuyv)));
        Assert.Equal("/dev/video0", error.DevicePath);
        Assert.Equal(
            "/dev/video0 cannot capture 1920x1080 YUYV at 30 fps; it offers: YUYV 640x480@30,25,15 1280x720@10,5 1920x1080@5 " +
            "(also MJPG, which Edge cannot use); set camera.front.width/height/fps/format to one of these",
            error.Message);
    }

    [Fact]
    public void Asking_for_mjpeg_without_a_decoder_says_so_and_what_else_there_is()
    {
        var error = Assert.Throws<CameraFormatException>(() => V4l2FormatNegotiator.Choose(Webcam, Request(1280, 720, 30, V4l2CaptureFormat.Mjpeg)));
        Assert.Contains("format = \"mjpeg\" is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("YUYV 640x480@30,25,15", error.Message, StringComparison.Ordinal);
        Assert.Contains("camera.front.format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_format_the_device_lacks_is_named()
    {
        var error = Assert.Throws<CameraFormatException>(() => V4l2FormatNegotiator.Choose(Webcam, Request(640, 480, 30, V4l2CaptureFormat.Nv12)));
        Assert.StartsWith("/dev/video0 cannot capture NV12; it offers: YUYV 640x480", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_with_nothing_fitting_says_in_any_format()
    {
        var error = Assert.Throws<CameraFormatException>(() => V4l2FormatNegotiator.Choose(Webcam, Request(800, 600, 30)));
        Assert.StartsWith("/dev/video0 cannot capture 800x600 in any format Edge can use at 30 fps; it offers: YUYV", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_with_only_unusable_formats_lists_them()
    {
        var device = Describe(Format("RGB3", Size(640, 480, 30)), Format("GREY", Size(640, 480, 30)));
        var error = Assert.Throws<CameraFormatException>(() => V4l2FormatNegotiator.Choose(device, Request(640, 480, 30)));
        Assert.Contains("offers no format Edge can use (RGB3, GREY)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NTSC_rates_match_whole_rates_and_keep_the_device_fraction()
    {
        var device = Describe(Format("YUYV", new V4l2FrameSizeCapability(V4l2FrameSizeEntry.Discrete(720, 480), [V4l2FrameIntervalEntry.Discrete(1001, 30000)])));
        var mode = V4l2FormatNegotiator.Choose(device, Request(720, 480, 30));
        Assert.Equal(new V4l2Fraction(1001, 30000), mode.Interval);
        Assert.Contains("@29.97", V4l2FormatNegotiator.DescribeOffers(device), StringComparison.Ordinal);
    }

    [Fact]
    public void Stepwise_sizes_and_interval_ranges_are_matched_and_listed()
    {
        var device = Describe(Format("NV12", new V4l2FrameSizeCapability(
            new V4l2FrameSizeEntry(32, 1920, 2, 32, 1080, 2),
            [new V4l2FrameIntervalEntry(new V4l2Fraction(1, 60), new V4l2Fraction(1, 1))])));
        var mode = V4l2FormatNegotiator.Choose(device, Request(1280, 720, 50));
        Assert.Equal(new V4l2Fraction(1, 50), mode.Interval);
        Assert.Throws<CameraFormatException>(() => V4l2FormatNegotiator.Choose(device, Request(1280, 720, 120)));
        Assert.Equal(1282, V4l2FormatNegotiator.Choose(device, Request(1282, 722, 30)).Width); // on the grid

        var coarse = Describe(Format("NV12", new V4l2FrameSizeCapability(new V4l2FrameSizeEntry(32, 1920, 16, 32, 1088, 16), [])));
        Assert.Equal(1280, V4l2FormatNegotiator.Choose(coarse, Request(1280, 720, 30)).Width);
        Assert.Throws<CameraFormatException>(() => V4l2FormatNegotiator.Choose(coarse, Request(1290, 720, 30)));
        Assert.Equal("NV12 32x32..1920x1080@1-60", V4l2FormatNegotiator.DescribeOffers(device));
    }

    [Fact]
    public void Without_listed_intervals_or_sizes_the_driver_decides()
    {
        var noRates = Describe(Format("YUYV", new V4l2FrameSizeCapability(V4l2FrameSizeEntry.Discrete(640, 480), [])));
        var mode = V4l2FormatNegotiator.Choose(noRates, Request(640, 480, 30));
        Assert.False(mode.RateListed);
        Assert.Equal(new V4l2Fraction(1, 30), mode.Interval);

        var noSizes = Describe(new V4l2FormatCapability(FourCC.Yuyv, "YUYV", false, []));
        Assert.Equal(FourCC.Yuyv, V4l2FormatNegotiator.Choose(noSizes, Request(1024, 768, 15)).PixelFormat);
        Assert.Equal("YUYV (sizes not listed)", V4l2FormatNegotiator.DescribeOffers(noSizes));
    }

    [Fact]
    public void Explicit_h264_gives_passthrough()
    {
        var device = Describe(Format("YUYV", Size(1280, 720, 30)), Format("H264", Size(1280, 720, 30)));
        var mode = V4l2FormatNegotiator.Choose(device, Request(1280, 720, 30, V4l2CaptureFormat.H264));
        Assert.True(mode.IsH264);
        Assert.Equal("H264 1280x720@30", mode.ToString());
    }

    [Fact]
    public void Formats_with_the_same_modes_share_an_entry_and_long_unusable_lists_are_cut()
    {
        var formats = new List<V4l2FormatCapability>
        {
            Format("YUYV", Size(640, 480, 30, 15)),
            Format("NV12", Size(640, 480, 30, 15)),
            Format("YU12", Size(1280, 720, 10)),
        };
        formats.AddRange(Enumerable.Range(0, 9).Select(i => Format($"RGB{i}", Size(640, 480, 30))));
        var offers = V4l2FormatNegotiator.DescribeOffers(Describe([.. formats]));
        Assert.Equal("YUYV/NV12 640x480@30,15; YU12 1280x720@10 (also RGB0, RGB1, RGB2, RGB3, RGB4, RGB5 and 3 more, which Edge cannot use)", offers);
    }

    [Fact]
    public void FourCC_parses_and_prints_codes()
    {
        Assert.Equal(0x56595559u, FourCC.Parse("YUYV").Value);
        Assert.Equal("MJPG", FourCC.Mjpeg.ToString());
        Assert.Equal("Y8", FourCC.Parse("Y8").ToString());
        Assert.Equal("0x80000001", new FourCC(0x80000001).ToString());
        Assert.Throws<FormatException>(() => FourCC.Parse("TOOLONG"));
        Assert.Throws<FormatException>(() => FourCC.Parse(""));
    }

    private static V4l2CaptureOptions Request(int width, int height, int fps, V4l2CaptureFormat format = V4l2CaptureFormat.Auto) =>
        new() { Width = width, Height = height, FramesPerSecond = fps, Format = format, ConfigKey = "camera.front" };

    private static V4l2CaptureDeviceDescription Describe(params V4l2FormatCapability[] formats) =>
        new("/dev/video0", "test", "Test", IsMultiPlanar: false, formats);

    private static V4l2FormatCapability Format(string code, params V4l2FrameSizeCapability[] sizes) =>
        new(FourCC.Parse(code), code, code is "MJPG" or "H264", sizes);

    private static V4l2FrameSizeCapability Size(int width, int height, params int[] rates) =>
        new(V4l2FrameSizeEntry.Discrete(width, height), [.. rates.Select(r => V4l2FrameIntervalEntry.Discrete(1, (uint)r))]);
}

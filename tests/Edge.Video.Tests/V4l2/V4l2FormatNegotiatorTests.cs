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
    public void Auto_prefers_cheaper_raw_formats_then_mjpeg_then_h264()
    {
        var device = Describe(
            Format("YUYV", Size(1280, 720, 30)),
            Format("NV12", Size(1280, 720, 30)),
            Format("H264", Size(1280, 720, 30)),
            Format("MJPG", Size(1280, 720, 30)));
        Assert.Equal(FourCC.Nv12, V4l2FormatNegotiator.Choose(device, Request(1280, 720, 30), canDecodeMjpeg: true).PixelFormat);

        // Raw too slow at this size: MJPEG when it can be decoded, else the camera's H.264.
        var slowRaw = Describe(
            Format("YUYV", Size(1280, 720, 10)),
            Format("H264", Size(1280, 720, 30)),
            Format("MJPG", Size(1280, 720, 30)));
        Assert.Equal(FourCC.Mjpeg, V4l2FormatNegotiator.Choose(slowRaw, Request(1280, 720, 30), canDecodeMjpeg: true).PixelFormat);
        var mode = V4l2FormatNegotiator.Choose(slowRaw, Request(1280, 720, 30));
        Assert.Equal(FourCC.H264, mode.PixelFormat);
        Assert.True(mode.IsH264);

        // Without a decoder MJPEG is never chosen.
        var mjpegOnly = Describe(Format("YUYV", Size(1280, 720, 10)), Format("MJPG", Size(1280, 720, 30)));
        Assert.Equal(FourCC.Mjpeg, V4l2FormatNegotiator.Choose(mjpegOnly, Request(1280, 720, 30), canDecodeMjpeg: true).PixelFormat);
        Assert.Throws<CameraFormatException>(() => V4l2FormatNegotiator.Choose(mjpegOnly, Request(1280, 720, 30)));

        var onlyMjpeg = Describe(Format("MJPG", Size(1280, 720, 30)));
        var error = Assert.Throws<CameraFormatException>(() => V4l2FormatNegotiator.Choose(onlyMjpeg, Request(1280, 720, 30)));
        Assert.Equal("/dev/video0 offers no format Edge can use (MJPG); Edge captures YU12, NV12, YV12, NV21, YUYV, UYVY, H264; " +
                     "its MJPEG modes need FFmpeg's libavcodec (mjpeg decoder), which is not installed", error.Message);
    }

    [Theory]
    [InlineData(640, 480, 30, "YUYV")]   // raw has the size and the rate
    [InlineData(1280, 720, 10, "YUYV")]  // raw has it at 10 fps
    [InlineData(1280, 720, 5, "YUYV")]
    [InlineData(1280, 720, 30, "MJPG")]  // raw only up to 10 fps at 720p
    [InlineData(1280, 720, 15, "MJPG")]  // raw has 720p, but not at 15
    [InlineData(1920, 1080, 30, "MJPG")]
    [InlineData(640, 480, 25, "YUYV")]
    public void Auto_on_a_typical_webcam_takes_raw_when_it_meets_size_and_rate_else_mjpeg(int width, int height, int fps, string expected)
    {
        var mode = V4l2FormatNegotiator.Choose(Webcam, Request(width, height, fps), canDecodeMjpeg: true);
        Assert.Equal(FourCC.Parse(expected), mode.PixelFormat);
        Assert.Equal((width, height), (mode.Width, mode.Height));
        Assert.Equal(fps, mode.Interval.FramesPerSecond, 3);
        Assert.True(mode.RateListed);
    }

    [Fact]
    public void Explicit_mjpeg_takes_MJPG_or_JPEG()
    {
        Assert.Equal("MJPG 640x480@30", V4l2FormatNegotiator.Choose(Webcam, Request(640, 480, 30, V4l2CaptureFormat.Mjpeg), canDecodeMjpeg: true).ToString());
        var jpegCamera = Describe(Format("YUYV", Size(640, 480, 30)), Format("JPEG", Size(1280, 720, 30)));
        Assert.Equal("JPEG 1280x720@30", V4l2FormatNegotiator.Choose(jpegCamera, Request(1280, 720, 30, V4l2CaptureFormat.Mjpeg), canDecodeMjpeg: true).ToString());
        Assert.Equal(FourCC.Parse("JPEG"), V4l2FormatNegotiator.Choose(jpegCamera, Request(1280, 720, 30), canDecodeMjpeg: true).PixelFormat);
    }

    [Fact]
    public void With_a_decoder_the_error_lists_every_format_and_mode_the_camera_offers()
    {
        var error = Assert.Throws<CameraFormatException>(() => V4l2FormatNegotiator.Choose(Webcam, Request(800, 600, 30), canDecodeMjpeg: true));
        Assert.Equal(
            "/dev/video0 cannot capture 800x600 in any format Edge can use at 30 fps; it offers: YUYV 640x480@30,25,15 1280x720@10,5 1920x1080@5; " +
            "MJPG 640x480@30 1280x720@30,15 1920x1080@30; set camera.front.width/height/fps/format to one of these",
            error.Message);

        var tooFast = Assert.Throws<CameraFormatException>(() => V4l2FormatNegotiator.Choose(Webcam, Request(1920, 1080, 60, V4l2CaptureFormat.Mjpeg), canDecodeMjpeg: true));
        Assert.StartsWith("/dev/video0 cannot capture 1920x1080 MJPG at 60 fps; it offers: YUYV 640x480@30,25,15 1280x720@10,5 1920x1080@5; MJPG ", tooFast.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_names_the_request_lists_the_offers_and_the_config_keys()
    {
        var error = Assert.Throws<CameraFormatException>(() => V4l2FormatNegotiator.Choose(Webcam, Request(1920, 1080, 30, V4l2CaptureFormat.Yuyv)));
        Assert.Equal("/dev/video0", error.DevicePath);
        Assert.Equal(
            "/dev/video0 cannot capture 1920x1080 YUYV at 30 fps; it offers: YUYV 640x480@30,25,15 1280x720@10,5 1920x1080@5 " +
            "(also MJPG, which Edge cannot use); set camera.front.width/height/fps/format to one of these; " +
            "its MJPEG modes need FFmpeg's libavcodec (mjpeg decoder), which is not installed",
            error.Message);
    }

    [Fact]
    public void Asking_for_mjpeg_without_a_decoder_says_so_and_what_else_there_is()
    {
        var error = Assert.Throws<CameraFormatException>(() => V4l2FormatNegotiator.Choose(Webcam, Request(1280, 720, 30, V4l2CaptureFormat.Mjpeg)));
        Assert.Contains("format = \"mjpeg\" needs libavcodec's mjpeg decoder, which is not available here", error.Message, StringComparison.Ordinal);
        Assert.Contains("(also MJPG, which Edge cannot use)", error.Message, StringComparison.Ordinal);
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

using Edge.Video.Encoders.Ffmpeg;
using Edge.Video.Tests.Support;
using static Edge.Video.Encoders.Ffmpeg.Interop;

namespace Edge.Video.Tests.Encoders;

/// <summary>
/// The offset tables against the shared ABI notes (every version) and against <c>offsetof</c>
/// from the headers installed here (the version the tests run with).
/// </summary>
public class FfmpegAbiTests
{
    private const string Probe = """
        #include <stdio.h>
        #include <stddef.h>
        #include <errno.h>
        #include <libavutil/avutil.h>
        #include <libavutil/error.h>
        #include <libavutil/frame.h>
        #include <libavutil/opt.h>
        #include <libavutil/buffer.h>
        #include <libavutil/pixfmt.h>
        #include <libavcodec/avcodec.h>
        int main(void) {
            printf("avutil_major=%d\n", LIBAVUTIL_VERSION_MAJOR);
            printf("avcodec_major=%d\n", LIBAVCODEC_VERSION_MAJOR);
            printf("pointer_size=%zu\n", sizeof(void *));
            printf("AVFrame.data=%zu\n", offsetof(AVFrame, data));
            printf("AVFrame.linesize=%zu\n", offsetof(AVFrame, linesize));
            printf("AVFrame.width=%zu\n", offsetof(AVFrame, width));
            printf("AVFrame.height=%zu\n", offsetof(AVFrame, height));
            printf("AVFrame.format=%zu\n", offsetof(AVFrame, format));
            printf("AVFrame.pict_type=%zu\n", offsetof(AVFrame, pict_type));
            printf("AVFrame.pts=%zu\n", offsetof(AVFrame, pts));
            printf("AVPacket.buf=%zu\n", offsetof(AVPacket, buf));
            printf("AVBufferRef.data=%zu\n", offsetof(AVBufferRef, data));
            printf("AVPacket.pts=%zu\n", offsetof(AVPacket, pts));
            printf("AVPacket.data=%zu\n", offsetof(AVPacket, data));
            printf("AVPacket.size=%zu\n", offsetof(AVPacket, size));
            printf("AVPacket.flags=%zu\n", offsetof(AVPacket, flags));
            printf("sizeof.AVRational=%zu\n", sizeof(AVRational));
            printf("sizeof.pict_type=%zu\n", sizeof(((AVFrame *)0)->pict_type));
            printf("AV_PIX_FMT_YUV420P=%d\n", (int)AV_PIX_FMT_YUV420P);
            printf("AV_PICTURE_TYPE_NONE=%d\n", (int)AV_PICTURE_TYPE_NONE);
            printf("AV_PICTURE_TYPE_I=%d\n", (int)AV_PICTURE_TYPE_I);
            printf("AV_PKT_FLAG_KEY=%d\n", AV_PKT_FLAG_KEY);
            printf("AV_OPT_SEARCH_CHILDREN=%d\n", AV_OPT_SEARCH_CHILDREN);
            printf("AVERROR_EAGAIN=%d\n", AVERROR(EAGAIN));
            printf("AVERROR_EOF=%d\n", AVERROR_EOF);
            printf("AVERROR_OPTION_NOT_FOUND=%d\n", AVERROR_OPTION_NOT_FOUND);
            printf("AV_LOG_ERROR=%d\n", AV_LOG_ERROR);
            printf("AV_LOG_PANIC=%d\n", AV_LOG_PANIC);
            printf("AV_LOG_FATAL=%d\n", AV_LOG_FATAL);
            printf("AV_LOG_WARNING=%d\n", AV_LOG_WARNING);
            printf("AV_LOG_INFO=%d\n", AV_LOG_INFO);
            printf("AV_LOG_VERBOSE=%d\n", AV_LOG_VERBOSE);
            printf("AV_LOG_DEBUG=%d\n", AV_LOG_DEBUG);
            printf("AV_LOG_TRACE=%d\n", AV_LOG_TRACE);
            printf("AVClass.item_name=%zu\n", offsetof(AVClass, item_name));
            printf("AVClass.parent_log_context_offset=%zu\n", offsetof(AVClass, parent_log_context_offset));
            printf("AV_PIX_FMT_NONE=%d\n", (int)AV_PIX_FMT_NONE);
            printf("AVCOL_RANGE_UNSPECIFIED=%d\n", (int)AVCOL_RANGE_UNSPECIFIED);
            printf("AVCOL_RANGE_MPEG=%d\n", (int)AVCOL_RANGE_MPEG);
            printf("AVCOL_RANGE_JPEG=%d\n", (int)AVCOL_RANGE_JPEG);
            printf("AV_INPUT_BUFFER_PADDING_SIZE=%d\n", AV_INPUT_BUFFER_PADDING_SIZE);
            printf("pix_fmt.yuvj422p=%d\n", (int)AV_PIX_FMT_YUVJ422P);
            printf("pix_fmt.yuvj420p=%d\n", (int)AV_PIX_FMT_YUVJ420P);
            printf("pix_fmt.yuvj444p=%d\n", (int)AV_PIX_FMT_YUVJ444P);
            printf("pix_fmt.yuvj440p=%d\n", (int)AV_PIX_FMT_YUVJ440P);
            printf("pix_fmt.yuv422p=%d\n", (int)AV_PIX_FMT_YUV422P);
            printf("pix_fmt.yuv420p=%d\n", (int)AV_PIX_FMT_YUV420P);
            printf("pix_fmt.yuv444p=%d\n", (int)AV_PIX_FMT_YUV444P);
            printf("pix_fmt.yuv440p=%d\n", (int)AV_PIX_FMT_YUV440P);
            printf("pix_fmt.gray=%d\n", (int)AV_PIX_FMT_GRAY8);
            return 0;
        }
        """;

    private static readonly Lazy<Dictionary<string, long>> Installed = new(CompileAndRunProbe);

    [FfmpegHeadersFact]
    public void AVFrame_layout_matches_the_installed_headers()
    {
        var facts = Installed.Value;
        var layout = AVFrameLayout.For((int)facts["avutil_major"], CurrentAbi());
        Assert.NotNull(layout);
        Assert.Equal(facts["AVFrame.data"], layout.Data);
        Assert.Equal(facts["AVFrame.linesize"], layout.Linesize);
        Assert.Equal(facts["AVFrame.width"], layout.Width);
        Assert.Equal(facts["AVFrame.height"], layout.Height);
        Assert.Equal(facts["AVFrame.format"], layout.Format);
        Assert.Equal(facts["AVFrame.pict_type"], layout.PictType);
        Assert.Equal(facts["AVFrame.pts"], layout.Pts);
        Assert.Equal(4, facts["sizeof.pict_type"]);
    }

    [FfmpegHeadersFact]
    public void AVPacket_layout_matches_the_installed_headers()
    {
        var facts = Installed.Value;
        var layout = AVPacketLayout.For((int)facts["avcodec_major"], CurrentAbi());
        Assert.NotNull(layout);
        Assert.Equal(facts["AVPacket.buf"], layout.Buf);
        Assert.Equal(facts["AVPacket.pts"], layout.Pts);
        Assert.Equal(facts["AVPacket.data"], layout.Data);
        Assert.Equal(facts["AVPacket.size"], layout.Size);
        Assert.Equal(facts["AVPacket.flags"], layout.Flags);
        Assert.Equal(facts["AVBufferRef.data"], AVBufferRefLayout.Data);
    }

    [FfmpegHeadersFact]
    public void AVClass_fields_the_log_bridge_reads_match_the_installed_headers()
    {
        var facts = Installed.Value;
        Assert.Equal(facts["AVClass.item_name"], AVClassLayout.ItemName);
        Assert.Equal(facts["AVClass.parent_log_context_offset"], AVClassLayout.ParentLogContextOffset);
    }

    [FfmpegHeadersFact]
    public void Constants_match_the_installed_headers()
    {
        var facts = Installed.Value;
        Assert.Equal(AV_PIX_FMT_YUV420P, facts["AV_PIX_FMT_YUV420P"]);
        Assert.Equal(AV_PICTURE_TYPE_NONE, facts["AV_PICTURE_TYPE_NONE"]);
        Assert.Equal(AV_PICTURE_TYPE_I, facts["AV_PICTURE_TYPE_I"]);
        Assert.Equal(AV_PKT_FLAG_KEY, facts["AV_PKT_FLAG_KEY"]);
        Assert.Equal(AV_OPT_SEARCH_CHILDREN, facts["AV_OPT_SEARCH_CHILDREN"]);
        Assert.Equal(AVERROR_EAGAIN, facts["AVERROR_EAGAIN"]);
        Assert.Equal(AVERROR_EOF, facts["AVERROR_EOF"]);
        Assert.Equal(AVERROR_OPTION_NOT_FOUND, facts["AVERROR_OPTION_NOT_FOUND"]);
        Assert.Equal(AV_LOG_ERROR, facts["AV_LOG_ERROR"]);
        Assert.Equal(
            (AV_LOG_PANIC, AV_LOG_FATAL, AV_LOG_WARNING, AV_LOG_INFO, AV_LOG_VERBOSE, AV_LOG_DEBUG, AV_LOG_TRACE),
            ((int)facts["AV_LOG_PANIC"], (int)facts["AV_LOG_FATAL"], (int)facts["AV_LOG_WARNING"], (int)facts["AV_LOG_INFO"],
                (int)facts["AV_LOG_VERBOSE"], (int)facts["AV_LOG_DEBUG"], (int)facts["AV_LOG_TRACE"]));
        Assert.Equal(AV_PIX_FMT_NONE, facts["AV_PIX_FMT_NONE"]);
        Assert.Equal(AVCOL_RANGE_UNSPECIFIED, facts["AVCOL_RANGE_UNSPECIFIED"]);
        Assert.Equal(AVCOL_RANGE_MPEG, facts["AVCOL_RANGE_MPEG"]);
        Assert.Equal(AVCOL_RANGE_JPEG, facts["AVCOL_RANGE_JPEG"]);
        Assert.Equal(AV_INPUT_BUFFER_PADDING_SIZE, facts["AV_INPUT_BUFFER_PADDING_SIZE"]);
        Assert.Equal(facts["sizeof.AVRational"], System.Runtime.CompilerServices.Unsafe.SizeOf<AVRational>());
        Assert.Equal(facts["pointer_size"], IntPtr.Size);
    }

    // The MJPEG decoder looks its pixel formats up by name at run time; the names must give the
    // headers' enum values.
    [FfmpegHeadersFact]
    public unsafe void Pixel_format_names_resolve_to_the_header_values()
    {
        var facts = Installed.Value;
        _ = FfmpegLibrary.Load();
        foreach (var name in new[] { "yuvj422p", "yuvj420p", "yuvj444p", "yuvj440p", "yuv422p", "yuv420p", "yuv444p", "yuv440p", "gray" })
        {
            using var utf8 = new Utf8Z(name);
            Assert.Equal(facts["pix_fmt." + name], Avutil.av_get_pix_fmt(utf8.Pointer));
        }
    }

    [FfmpegHeadersFact]
    public void The_loaded_libraries_are_the_version_of_the_headers()
    {
        var facts = Installed.Value;
        var library = FfmpegLibrary.Load();
        Assert.Equal(facts["avcodec_major"], library.AvcodecVersion.Major);
        Assert.Equal(facts["avutil_major"], library.AvutilVersion.Major);
        Assert.Same(AVFrameLayout.For(library.AvutilVersion.Major, CurrentAbi()), library.FrameLayout);
    }

    // The tables from the shared ABI notes (section 3.2), for versions and ABIs this machine cannot check.
    [Theory]
    [InlineData(56, 124, 136, 88, 104)] // FFmpeg 4.4
    [InlineData(57, 124, 136, 88, 104)] // 5.1
    [InlineData(58, 124, 136, 88, 104)] // 6.1
    [InlineData(59, 124, 136, 88, 104)] // 7.1
    [InlineData(60, 120, 136, 84, 96)]  // 8.0: key_frame removed
    [InlineData(61, 120, 136, 84, 96)]  // 9.0
    public void AVFrame_table_matches_the_checked_offsets(int avutilMajor, int pictType64, int pts64, int pictTypeArmhf, int ptsArmhf)
    {
        var lp64 = AVFrameLayout.For(avutilMajor, FfmpegAbi.Lp64)!;
        var armhf = AVFrameLayout.For(avutilMajor, FfmpegAbi.Armhf)!;
        Assert.Equal((0, 64, 104, 108, 116, pictType64, pts64), (lp64.Data, lp64.Linesize, lp64.Width, lp64.Height, lp64.Format, lp64.PictType, lp64.Pts));
        Assert.Equal((0, 32, 68, 72, 80, pictTypeArmhf, ptsArmhf), (armhf.Data, armhf.Linesize, armhf.Width, armhf.Height, armhf.Format, armhf.PictType, armhf.Pts));
    }

    [Theory]
    [InlineData(58)]
    [InlineData(59)]
    [InlineData(60)]
    [InlineData(61)]
    [InlineData(62)]
    [InlineData(63)]
    public void AVPacket_table_matches_the_checked_offsets(int avcodecMajor)
    {
        var lp64 = AVPacketLayout.For(avcodecMajor, FfmpegAbi.Lp64)!;
        var armhf = AVPacketLayout.For(avcodecMajor, FfmpegAbi.Armhf)!;
        Assert.Equal((0, 8, 24, 32, 40), (lp64.Buf, lp64.Pts, lp64.Data, lp64.Size, lp64.Flags));
        Assert.Equal((0, 8, 24, 28, 36), (armhf.Buf, armhf.Pts, armhf.Data, armhf.Size, armhf.Flags));
    }

    [Fact]
    public void Unknown_versions_have_no_layout()
    {
        Assert.Null(AVFrameLayout.For(55, FfmpegAbi.Lp64));
        Assert.Null(AVFrameLayout.For(62, FfmpegAbi.Lp64));
        Assert.Null(AVPacketLayout.For(57, FfmpegAbi.Armhf));
        Assert.Null(AVPacketLayout.For(64, FfmpegAbi.Armhf));
    }

    private static FfmpegAbi CurrentAbi() =>
        System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm
            ? FfmpegAbi.Armhf
            : FfmpegAbi.Lp64;

    private static Dictionary<string, long> CompileAndRunProbe()
    {
        var directory = Directory.CreateTempSubdirectory("edge-ffmpeg-abi-");
        try
        {
            var source = Path.Combine(directory.FullName, "ffmpeg_abi.c");
            var binary = Path.Combine(directory.FullName, "ffmpeg_abi");
            File.WriteAllText(source, Probe);
            var compile = ExternalTools.Run("gcc", ["-std=c11", "-Wall", "-o", binary, source], TimeSpan.FromSeconds(60));
            Assert.True(compile.ExitCode == 0, "gcc failed:\n" + compile.StandardError);
            var run = ExternalTools.Run(binary, [], TimeSpan.FromSeconds(10));
            Assert.Equal(0, run.ExitCode);
            return run.StandardOutputText
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('='))
                .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

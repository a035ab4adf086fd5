using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Device.Gpio;
using Edge.Linux.IO;
using Uapi = Interop.Gpio;

namespace Edge.Gpio.Tests;

/// <summary>
/// What can run without a GPIO chip: the error paths of opening one, and the request
/// descriptors' read and ioctl paths against ordinary files. The chips themselves are tested
/// against the kernel's gpio-sim in tests/EmulatedBoard.
/// </summary>
public sealed class GpioChipTests : IDisposable
{
    private readonly DirectoryInfo _dev = Directory.CreateTempSubdirectory("edge-gpio-dev-");

    public void Dispose() => _dev.Delete(recursive: true);

    [Fact]
    public void OpeningAMissingChipByName_SaysThereAreNoChips()
    {
        var e = Assert.Throws<GpioException>(() => GpioChip.Open("gpiochip0", _dev.FullName));
        Assert.Equal($"GPIO chip \"gpiochip0\" not found; there are no GPIO chips in {_dev.FullName} (no {_dev.FullName}/gpiochip* device nodes: the kernel offers no GPIO character device here)", e.Message);
    }

    [Fact]
    public void OpeningAMissingChipByLabel_OnThisMachine_SaysSo()
    {
        // This machine has no /dev/gpiochip*; on one that has, the message lists them instead.
        var e = Assert.Throws<GpioException>(() => GpioChip.Open("pinctrl-rp1"));
        Assert.StartsWith("GPIO chip \"pinctrl-rp1\" not found; ", e.Message, StringComparison.Ordinal);
        if (GpioChip.EnumerateChipPaths().Count == 0)
            Assert.Contains("there are no GPIO chips in /dev", e.Message, StringComparison.Ordinal);
        else
            Assert.Contains("chips on this board: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpeningAMissingPath_SaysItDoesNotExist_AndWhatDoes()
    {
        File.WriteAllText(Path.Combine(_dev.FullName, "gpiochip2"), "");
        var missing = Path.Combine(_dev.FullName, "gpiochip9");
        var e = Assert.Throws<GpioException>(() => GpioChip.Open(missing, _dev.FullName));
        Assert.Equal($"GPIO chip {missing} does not exist; chips on this board: gpiochip2 (unreadable); name one by path, name or label", e.Message);
        Assert.Equal(2, e.Errno);
    }

    [Fact]
    public void AFileThatIsNoChip_IsReportedAsSuch()
    {
        var fake = Path.Combine(_dev.FullName, "gpiochip0");
        File.WriteAllText(fake, "not a device");
        var e = Assert.Throws<GpioException>(() => GpioChip.Open("gpiochip0", _dev.FullName));
        Assert.Equal($"{fake} is not a GPIO character device (GPIO_GET_CHIPINFO_IOCTL: errno 25)", e.Message);

        e = Assert.Throws<GpioException>(() => GpioChip.Open("/dev/null"));
        Assert.StartsWith("/dev/null is not a GPIO character device", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALabelNoChipHas_ListsTheChipsThatExist()
    {
        File.WriteAllText(Path.Combine(_dev.FullName, "gpiochip10"), "");
        File.WriteAllText(Path.Combine(_dev.FullName, "gpiochip2"), "");
        File.WriteAllText(Path.Combine(_dev.FullName, "gpiochipX"), "");
        var e = Assert.Throws<GpioException>(() => GpioChip.Open("pinctrl-bcm2711", _dev.FullName));
        Assert.Equal("GPIO chip \"pinctrl-bcm2711\" not found; chips on this board: gpiochip2 (unreadable), gpiochip10 (unreadable); name one by path, name or label", e.Message);
    }

    [Fact]
    public void DeviceNodes_CountAsFiles()
    {
        // GpioChip relies on both for /dev/gpiochipN character devices.
        Assert.True(File.Exists("/dev/null"));
        Assert.Contains("/dev/null", Directory.EnumerateFiles("/dev", "null"));
    }

    [Fact]
    public void ChipPaths_AreInNumericOrder_AndOnlyChips()
    {
        foreach (var name in new[] { "gpiochip10", "gpiochip2", "gpiochip0", "gpiochip", "gpiochipX", "gpiomem", "video0" })
            File.WriteAllText(Path.Combine(_dev.FullName, name), "");
        Assert.Equal(
            new[] { "gpiochip0", "gpiochip2", "gpiochip10" },
            GpioChip.EnumerateChipPaths(_dev.FullName).Select(Path.GetFileName));
        Assert.Empty(GpioChip.EnumerateChipPaths(Path.Combine(_dev.FullName, "absent")));
    }

    [Fact]
    public void ChipInfo_PrintsLikeGpiodetect()
    {
        Assert.Equal("gpiochip0 [pinctrl-bcm2711] (58 lines)", new GpioChipInfo("/dev/gpiochip0", "gpiochip0", "pinctrl-bcm2711", 58).ToString());
        Assert.Equal("gpiochip3 (8 lines)", new GpioChipInfo("/dev/gpiochip3", "gpiochip3", "", 8).ToString());
    }

    [Fact]
    public void EdgeEvents_AreReadAsWholeRecords()
    {
        var path = Path.Combine(_dev.FullName, "events");
        Uapi.gpio_v2_line_event[] records =
        [
            new() { timestamp_ns = 1_000_000, id = Uapi.gpio_v2_line_event_id.GPIO_V2_LINE_EVENT_RISING_EDGE, offset = 22, seqno = 1, line_seqno = 1 },
            new() { timestamp_ns = 1_250_000, id = Uapi.gpio_v2_line_event_id.GPIO_V2_LINE_EVENT_FALLING_EDGE, offset = 22, seqno = 2, line_seqno = 2 },
        ];
        File.WriteAllBytes(path, MemoryMarshal.AsBytes(records.AsSpan()).ToArray());

        using var request = DeviceFile.Open(path);
        var events = new Uapi.gpio_v2_line_event[4];
        var count = GpioLineRequest.ReadEvents(request, events, TimeSpan.FromSeconds(1));

        Assert.Equal(2, count);
        Assert.Equal((1_000_000UL, PinEventTypes.Rising, 1u), (events[0].timestamp_ns, GpioLineRequest.ToEventType(events[0]), events[0].line_seqno));
        Assert.Equal((1_250_000UL, PinEventTypes.Falling, 2u), (events[1].timestamp_ns, GpioLineRequest.ToEventType(events[1]), events[1].line_seqno));
        Assert.Equal(0, GpioLineRequest.ReadEvents(request, events, TimeSpan.FromMilliseconds(10)));      // end of file: nothing more
    }

    [Fact]
    public void ATornEventRecord_IsAnError()
    {
        var path = Path.Combine(_dev.FullName, "torn");
        File.WriteAllBytes(path, new byte[Unsafe.SizeOf<Uapi.gpio_v2_line_event>() + 2]);
        using var request = DeviceFile.Open(path);
        var e = Assert.Throws<GpioException>(() => GpioLineRequest.ReadEvents(request, new Uapi.gpio_v2_line_event[16], TimeSpan.FromSeconds(1)));
        Assert.Contains("not a whole number of 48-byte gpio_v2_line_event records", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpeningADriverOnAMissingChip_FailsWithTheChipError()
    {
        var e = Assert.Throws<GpioException>(() => GpioChardevDriver.Open("pinctrl-bcm2711", new GpioLineSettings(), _dev.FullName));
        Assert.StartsWith("GPIO chip \"pinctrl-bcm2711\" not found; there are no GPIO chips in", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LineIds_PrintAsAPersonWroteThem()
    {
        Assert.Equal("GPIO17", GpioLineId.Named("GPIO17").ToString());
        Assert.Equal("17", GpioLineId.At(17).ToString());
    }
}

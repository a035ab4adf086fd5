using System.Device.Gpio;
using System.Diagnostics;

namespace Edge.Gpio.Tests.Kernel;

/// <summary>
/// <see cref="GpioChardevDriver"/> under a <see cref="GpioController"/>, against gpio-sim (a chip
/// with Raspberry Pi line names, label pinctrl-bcm2835): what the kernel's simulated lines show
/// for each thing the controller asks.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class GpioChardevDriverKernelTests
{
    private static readonly string ChipPath = Environment.GetEnvironmentVariable("EDGE_GPIO_CHIP") ?? "";
    private static readonly string Sysfs = Environment.GetEnvironmentVariable("EDGE_GPIO_SYSFS") ?? "";
    private static readonly string Label = Environment.GetEnvironmentVariable("EDGE_GPIO_CHIP_LABEL") ?? "";

    private static string SimValue(int line) => File.ReadAllText(Path.Combine(Sysfs, $"sim_gpio{line}", "value")).Trim();

    private static void SetPull(int line, bool up) => File.WriteAllText(Path.Combine(Sysfs, $"sim_gpio{line}", "pull"), up ? "pull-up" : "pull-down");

    [GpioSimFact]
    public void TheChip_OpensByPathNameAndLabel()
    {
        foreach (var name in new[] { ChipPath, Path.GetFileName(ChipPath), Label })
        {
            using var driver = GpioChardevDriver.Open(name, new GpioLineSettings());
            Assert.Equal(ChipPath, driver.Chip.Path);
            Assert.Equal(Label, driver.GetChipInfo().Label);
            Assert.Equal(17, driver.Chip.FindLine(GpioLineId.Named("GPIO17")).Offset);
        }
    }

    [GpioSimFact]
    public void Outputs_DriveTheLine_ActiveHighAndActiveLow_AndAreReleasedOnDispose()
    {
        using (var controller = new GpioController(GpioChardevDriver.Open(ChipPath, new GpioLineSettings())))
        {
            controller.OpenPin(5, PinMode.Output, PinValue.High);
            Assert.Equal("1", SimValue(5));
            controller.Write(5, PinValue.Low);
            Assert.Equal("0", SimValue(5));
            controller.Write([new PinValuePair(5, PinValue.High)]);
            Assert.Equal("1", SimValue(5));
            using var chip = GpioChip.Open(ChipPath);
            var info = chip.GetLineInfo(5);
            Assert.True(info.IsUsed);
            Assert.Equal("edge", info.Consumer);
            Assert.Equal(GpioLineDirection.Output, info.Direction);
        }
        using (var chip = GpioChip.Open(ChipPath))
            Assert.False(chip.GetLineInfo(5).IsUsed);

        using (var controller = new GpioController(GpioChardevDriver.Open(ChipPath, new GpioLineSettings { ActiveLow = true })))
        {
            controller.OpenPin(6, PinMode.Output, PinValue.High);        // lit: the line is low
            Assert.Equal("0", SimValue(6));
            controller.Write(6, PinValue.Low);
            Assert.Equal("1", SimValue(6));
        }
    }

    [GpioSimFact]
    public void ABusyLine_IsRefusedNamingItsHolder()
    {
        using var first = new GpioController(GpioChardevDriver.Open(ChipPath, new GpioLineSettings { Consumer = "other" }));
        first.OpenPin(7, PinMode.Output, PinValue.Low);
        using var second = new GpioController(GpioChardevDriver.Open(ChipPath, new GpioLineSettings()));
        var e = Assert.Throws<GpioException>(() => second.OpenPin(7, PinMode.Output));
        Assert.Contains("line GPIO7 on", e.Message, StringComparison.Ordinal);
        Assert.Contains("is used by \"other\"", e.Message, StringComparison.Ordinal);
    }

    [GpioSimFact]
    public void Inputs_ReadBiasAndActiveLevel_AndCallbacksGetKernelTimestampsOnTheSystemClock()
    {
        var settings = new GpioLineSettings { ActiveLow = true, Debounce = TimeSpan.FromMilliseconds(5), EventThreadName = "edge-test-events" };
        using var controller = new GpioController(GpioChardevDriver.Open(ChipPath, settings));
        controller.OpenPin(9, PinMode.InputPullUp);                      // gpio-sim takes the bias as its pull: high, so inactive
        Assert.Equal(PinValue.Low, controller.Read(9));
        using (var chip = GpioChip.Open(ChipPath))
        {
            var info = chip.GetLineInfo(9);
            Assert.Equal(GpioLineBias.PullUp, info.Bias);
            Assert.True(info.ActiveLow);
        }

        var edges = new List<(GpioEdgeEventArgs Edge, string? Thread)>();
        using var arrived = new SemaphoreSlim(0);
        controller.RegisterCallbackForPinValueChangedEvent(9, PinEventTypes.Rising | PinEventTypes.Falling, (_, e) =>
        {
            lock (edges)
                edges.Add(((GpioEdgeEventArgs)e, Thread.CurrentThread.Name));
            arrived.Release();
        });

        var before = Stopwatch.GetTimestamp();
        SetPull(9, up: false);                                           // pressed: the line goes low, active
        Assert.True(arrived.Wait(TimeSpan.FromSeconds(5)), "no edge for the press");
        SetPull(9, up: true);
        Assert.True(arrived.Wait(TimeSpan.FromSeconds(5)), "no edge for the release");
        var after = Stopwatch.GetTimestamp();

        lock (edges)
        {
            Assert.Equal([PinEventTypes.Rising, PinEventTypes.Falling], edges.Select(e => e.Edge.ChangeType));
            Assert.All(edges, e => Assert.Equal(9, e.Edge.PinNumber));
            Assert.All(edges, e => Assert.Equal("edge-test-events", e.Thread));
            Assert.Equal([1u, 2u], edges.Select(e => e.Edge.Sequence));
            // The kernel's CLOCK_MONOTONIC stamps fall between two readings of the clock TimeProvider.System uses.
            var toNanoseconds = 1e9 / Stopwatch.Frequency;
            Assert.All(edges, e => Assert.InRange(e.Edge.TimestampNanoseconds, (long)(before * toNanoseconds), (long)(after * toNanoseconds)));
        }
    }

    [GpioSimFact]
    public void WaitForEvent_ReturnsTheEdge_OrTimesOut()
    {
        using var controller = new GpioController(GpioChardevDriver.Open(ChipPath, new GpioLineSettings()));
        controller.OpenPin(11, PinMode.InputPullDown);
        Assert.Equal(PinValue.Low, controller.Read(11));

        var timedOut = controller.WaitForEvent(11, PinEventTypes.Rising, TimeSpan.FromMilliseconds(200));
        Assert.True(timedOut.TimedOut);

        var waiting = Task.Run(() => controller.WaitForEvent(11, PinEventTypes.Rising, TimeSpan.FromSeconds(10)));
        Thread.Sleep(300);                                              // the wait has asked for edges by now
        SetPull(11, up: true);
        var result = waiting.GetAwaiter().GetResult();
        Assert.False(result.TimedOut);
        Assert.Equal(PinEventTypes.Rising, result.EventTypes);
        Assert.Equal(PinValue.High, controller.Read(11));
    }
}

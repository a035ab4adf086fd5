namespace Edge.Gpio.Tests;

public sealed class GpioInfoReportTests : IDisposable
{
    private readonly DirectoryInfo _dev = Directory.CreateTempSubdirectory("edge-gpio-dev-");

    public void Dispose() => _dev.Delete(recursive: true);

    [Fact]
    public void NoChips_SaysSo_AndFails()
    {
        var output = new StringWriter();
        var code = GpioInfoReport.Write(output, _dev.FullName);
        Assert.Equal(GpioInfoReport.Failure, code);
        Assert.StartsWith($"no GPIO chips found in {_dev.FullName}: there is no {_dev.FullName}/gpiochipN device node.", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingDevDirectory_IsNoChips()
    {
        var output = new StringWriter();
        Assert.Equal(GpioInfoReport.Failure, GpioInfoReport.Write(output, Path.Combine(_dev.FullName, "absent")));
        Assert.Contains("no GPIO chips found", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AChipThatCannotBeRead_IsNamed_AndFails()
    {
        File.WriteAllText(Path.Combine(_dev.FullName, "gpiochip0"), "");
        var output = new StringWriter();
        Assert.Equal(GpioInfoReport.Failure, GpioInfoReport.Write(output, _dev.FullName));
        Assert.Equal(
            $"gpiochip0: {_dev.FullName}/gpiochip0 is not a GPIO character device (GPIO_GET_CHIPINFO_IOCTL: errno 25){Environment.NewLine}",
            output.ToString());
    }

    [Fact]
    public void ThisMachine_IsReportedWithoutThrowing()
    {
        var output = new StringWriter();
        var code = GpioInfoReport.Write(output);
        Assert.True(code is GpioInfoReport.Success or GpioInfoReport.Failure);
        Assert.NotEmpty(output.ToString());
    }
}

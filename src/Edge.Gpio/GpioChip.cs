using System.Globalization;
using System.Text;
using Edge.Linux.IO;

namespace Edge.Gpio;

/// <summary>
/// An open GPIO chip (<c>/dev/gpiochipN</c>, uAPI v2): its info, its lines, and line requests.
/// The requests it hands out own their own descriptors and outlive the chip.
/// </summary>
/// <remarks>
/// Every failure a person can fix comes out as a <see cref="GpioException"/> that names the
/// chip, the line and the fix; a failed system call is kept as its inner exception.
/// </remarks>
public sealed class GpioChip : IDisposable
{
    /// <summary>Where device nodes live.</summary>
    public const string DefaultDevDirectory = "/dev";

    /// <summary>The consumer name Edge's requests carry, as gpioinfo shows it.</summary>
    public const string DefaultConsumer = "edge";

    private const string ChipPrefix = "gpiochip";

    private readonly DeviceFile _file;

    private GpioChip(DeviceFile file, GpioChipInfo info)
    {
        _file = file;
        Info = info;
    }

    /// <summary>Name, label and line count.</summary>
    public GpioChipInfo Info { get; }

    /// <summary>The device node, <c>/dev/gpiochip0</c>.</summary>
    public string Path => _file.Path;

    /// <summary>The kernel's name, <c>gpiochip0</c>.</summary>
    public string Name => Info.Name;

    /// <summary>
    /// Opens a chip named the way the config names it: a path (<c>/dev/gpiochip0</c>), a name
    /// (<c>gpiochip0</c>) or a label (<c>pinctrl-bcm2711</c>, <c>pinctrl-rp1</c>). A label is
    /// looked up by reading every chip's info, so it survives the kernel renumbering chips
    /// (the Pi 5's header moved from gpiochip4 to gpiochip0 in 6.6.45).
    /// </summary>
    /// <exception cref="GpioException">The chip does not exist (the message lists those that do), or cannot be opened.</exception>
    public static GpioChip Open(string chip, string devDirectory = DefaultDevDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(chip);
        GpioAbi.ThrowIfInvalid();
        if (chip.Contains('/', StringComparison.Ordinal))
            return OpenPath(chip, devDirectory);
        if (chip.StartsWith(ChipPrefix, StringComparison.Ordinal))
        {
            var path = System.IO.Path.Combine(devDirectory, chip);
            if (File.Exists(path))
                return OpenPath(path, devDirectory);
        }

        // Not a device node: a label (or a name whose node lives elsewhere). Ask every chip.
        GpioException? refused = null;
        foreach (var path in EnumerateChipPaths(devDirectory))
        {
            GpioChip candidate;
            try
            {
                candidate = OpenPath(path, devDirectory);
            }
            catch (GpioException e)
            {
                refused ??= e;
                continue;
            }
            if (string.Equals(candidate.Info.Label, chip, StringComparison.Ordinal)
                || string.Equals(candidate.Info.Name, chip, StringComparison.Ordinal))
                return candidate;
            candidate.Dispose();
        }
        if (refused is { IsPermissionDenied: true })
            throw new GpioException($"GPIO chip \"{chip}\" not found: {refused.Message}", chip, refused.Errno, refused);
        throw new GpioException($"GPIO chip \"{chip}\" not found; {DescribeChips(devDirectory)}", chip, LinuxErrno.ENOENT);
    }

    /// <summary>
    /// The chip device nodes in <paramref name="devDirectory"/> (<c>gpiochip0</c>, <c>gpiochip1</c>,
    /// … in numeric order); empty when there are none or the directory does not exist.
    /// </summary>
    public static IReadOnlyList<string> EnumerateChipPaths(string devDirectory = DefaultDevDirectory)
    {
        if (!Directory.Exists(devDirectory))
            return [];
        var chips = new List<(int Number, string Path)>();
        try
        {
            foreach (var path in Directory.EnumerateFiles(devDirectory, ChipPrefix + "*"))
            {
                var suffix = System.IO.Path.GetFileName(path.AsSpan())[ChipPrefix.Length..];
                if (suffix.Length > 0 && int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                    chips.Add((number, path));
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return [];
        }
        chips.Sort((a, b) => a.Number.CompareTo(b.Number));
        return chips.ConvertAll(c => c.Path);
    }

    /// <summary>Reads one line's info.</summary>
    public GpioLineInfo GetLineInfo(int offset)
    {
        CheckOffset(offset);
        var native = default(Interop.Gpio.gpio_v2_line_info);
        native.offset = (uint)offset;
        var errno = _file.TryIoctl(Interop.Gpio.GPIO_V2_GET_LINEINFO_IOCTL, ref native);
        if (errno != 0)
        {
            throw new GpioException(
                $"{Name}: cannot read the info of line {offset}: {new LinuxIOException(Path, "GPIO_V2_GET_LINEINFO_IOCTL", errno).Message}",
                Name, errno);
        }
        return GpioLineInfo.FromNative(native);
    }

    /// <summary>Reads every line's info, in offset order. Not cached: consumers change.</summary>
    public IReadOnlyList<GpioLineInfo> GetLineInfos()
    {
        var lines = new GpioLineInfo[Info.LineCount];
        for (var offset = 0; offset < lines.Length; offset++)
            lines[offset] = GetLineInfo(offset);
        return lines;
    }

    /// <summary>Finds a line by name (exact, as the chip names it) or offset.</summary>
    /// <exception cref="GpioException">No such line; the message says what the chip has.</exception>
    public GpioLineInfo FindLine(GpioLineId line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Offset is { } offset)
        {
            if (offset < 0 || offset >= Info.LineCount)
            {
                throw new GpioException(
                    $"line {offset} is out of range on {Info}: its lines are 0 to {Info.LineCount - 1}; run \"edge gpio\" to list them",
                    Name, LinuxErrno.EINVAL);
            }
            return GetLineInfo(offset);
        }
        var name = line.Name ?? "";
        var lines = GetLineInfos();
        foreach (var candidate in lines)
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
                return candidate;
        }
        var hint = "";
        foreach (var candidate in lines)
        {
            if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                hint = $" (did you mean \"{candidate.Name}\"?)";
                break;
            }
        }
        var named = lines.Count(l => l.Name.Length > 0);
        var what = named == 0
            ? "this chip names none of its lines, so give the line's offset (a number) instead"
            : $"run \"edge gpio\" to list the names of its {named} named lines, or give the line's offset";
        throw new GpioException($"line \"{name}\" not found on {Info}{hint}; {what}", Name, LinuxErrno.ENOENT);
    }

    /// <summary>
    /// Requests one line with <paramref name="config"/> (GPIO_V2_GET_LINE_IOCTL) and returns the
    /// request's descriptor: closing it releases the line.
    /// </summary>
    /// <exception cref="GpioException">The line is busy (the message names its holder), or the request failed.</exception>
    internal DeviceFile RequestLine(int offset, in Interop.Gpio.gpio_v2_line_config config, string consumer, out string description)
    {
        CheckOffset(offset);
        var request = NewRequest(offset, config, consumer);
        description = Describe(offset);
        return Request(ref request, offset, description);
    }

    /// <summary>The GPIO_V2_GET_LINE_IOCTL argument for one line (a pure function, tested without a kernel).</summary>
    internal static unsafe Interop.Gpio.gpio_v2_line_request NewRequest(int offset, in Interop.Gpio.gpio_v2_line_config config, string consumer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        // Zeroed as a whole: the kernel rejects any non-zero padding with EINVAL.
        var request = default(Interop.Gpio.gpio_v2_line_request);
        request.offsets[0] = (uint)offset;
        GpioStrings.Encode(consumer, new Span<byte>(request.consumer, Interop.Gpio.GPIO_MAX_NAME_SIZE));
        request.num_lines = 1;
        request.config = config;
        // Room for bursts of bounce edges the kernel did not filter.
        request.event_buffer_size = 64;
        return request;
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    /// <summary>Every chip in <paramref name="devDirectory"/> for an error message: "chips on this board: …".</summary>
    internal static string DescribeChips(string devDirectory)
    {
        var paths = EnumerateChipPaths(devDirectory);
        if (paths.Count == 0)
        {
            return $"there are no GPIO chips in {devDirectory} (no {System.IO.Path.Combine(devDirectory, ChipPrefix)}* device nodes: "
                + "the kernel offers no GPIO character device here)";
        }
        var text = new StringBuilder("chips on this board: ");
        for (var i = 0; i < paths.Count; i++)
        {
            if (i > 0)
                text.Append(", ");
            try
            {
                using var chip = OpenPath(paths[i], devDirectory, describeOnError: false);
                text.Append(chip.Info.ToString());
            }
            catch (GpioException e) when (e.IsPermissionDenied)
            {
                text.Append(System.IO.Path.GetFileName(paths[i])).Append(" (no permission to open it; is the user in the \"gpio\" group?)");
            }
            catch (GpioException)
            {
                text.Append(System.IO.Path.GetFileName(paths[i])).Append(" (unreadable)");
            }
        }
        return text.Append("; name one by path, name or label").ToString();
    }

    internal static string PermissionAdvice =>
        "the user edge runs as must be in the \"gpio\" group (the edge service adds it; in a shell: sudo usermod -aG gpio $USER, then log in again)";

    /// <summary>Opens a device node and reads its chip info.</summary>
    internal static GpioChip OpenPath(string path, string devDirectory, bool describeOnError = true)
    {
        DeviceFile file;
        try
        {
            file = DeviceFile.Open(path);
        }
        catch (LinuxIOException e)
        {
            var message = e.Errno switch
            {
                LinuxErrno.ENOENT or LinuxErrno.ENODEV or LinuxErrno.ENXIO => describeOnError
                    ? $"GPIO chip {path} does not exist; {DescribeChips(devDirectory)}"
                    : $"GPIO chip {path} does not exist",
                LinuxErrno.EACCES or LinuxErrno.EPERM => $"cannot open {path}: permission denied; {PermissionAdvice}",
                _ => $"cannot open GPIO chip {path}: {e.Message}",
            };
            throw new GpioException(message, path, e.Errno, e);
        }

        try
        {
            var native = default(Interop.Gpio.gpiochip_info);
            var errno = file.TryIoctl(Interop.Gpio.GPIO_GET_CHIPINFO_IOCTL, ref native);
            if (errno is LinuxErrno.ENOTTY or LinuxErrno.EINVAL)
                throw new GpioException($"{path} is not a GPIO character device (GPIO_GET_CHIPINFO_IOCTL: errno {errno})", path, errno);
            if (errno != 0)
            {
                var failure = new LinuxIOException(path, "GPIO_GET_CHIPINFO_IOCTL", errno);
                throw new GpioException($"cannot read GPIO chip {path}: {failure.Message}", path, errno, failure);
            }
            return new GpioChip(file, DecodeChipInfo(path, native));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static unsafe GpioChipInfo DecodeChipInfo(string path, in Interop.Gpio.gpiochip_info native)
    {
        string name, label;
        fixed (byte* namePointer = native.name)
            name = GpioStrings.Decode(new ReadOnlySpan<byte>(namePointer, Interop.Gpio.GPIO_MAX_NAME_SIZE));
        fixed (byte* labelPointer = native.label)
            label = GpioStrings.Decode(new ReadOnlySpan<byte>(labelPointer, Interop.Gpio.GPIO_MAX_NAME_SIZE));
        if (name.Length == 0)
            name = System.IO.Path.GetFileName(path);
        return new GpioChipInfo(path, name, label, (int)Math.Min(native.lines, int.MaxValue));
    }

    /// <summary>Issues GPIO_V2_GET_LINE_IOCTL and takes ownership of the descriptor it returns.</summary>
    private DeviceFile Request(ref Interop.Gpio.gpio_v2_line_request request, int offset, string description)
    {
        var path = $"{Path} line {description}";
        var errno = _file.TryIoctl(Interop.Gpio.GPIO_V2_GET_LINE_IOCTL, ref request);
        if (errno != 0)
            throw RequestError(errno, offset, description);
        if (request.fd <= 0)
            throw new GpioException($"{Name}: the kernel granted lines {description} but returned no descriptor", Name, LinuxErrno.EINVAL);
        // The descriptor is ours from here on; nothing between the ioctl and this line can throw.
        return DeviceFile.FromDescriptor(request.fd, path);
    }

    private GpioException RequestError(int errno, int offset, string description)
    {
        var failure = new LinuxIOException(Path, "GPIO_V2_GET_LINE_IOCTL", errno);
        if (errno == LinuxErrno.EBUSY)
        {
            GpioLineInfo? info = null;
            try
            {
                info = GetLineInfo(offset);
            }
            catch (GpioException)
            {
                // The holder stays unnamed.
            }
            var holder = info is { IsUsed: true, Consumer.Length: > 0 } ? $"\"{info.Consumer}\"" : "the kernel or another process";
            return new GpioException($"line {description} on {Name} is used by {holder}; free it or pick another line", Name, errno, failure);
        }
        if (errno is LinuxErrno.EACCES or LinuxErrno.EPERM)
            return new GpioException($"{Name}: no permission to request line {description}; {PermissionAdvice}", Name, errno, failure);
        return new GpioException($"{Name}: cannot request line {description}: {failure.Message}", Name, errno, failure);
    }

    /// <summary>"GPIO17": the line by name where it has one, else by offset.</summary>
    private string Describe(int offset)
    {
        try
        {
            return GetLineInfo(offset).DisplayName;
        }
        catch (GpioException)
        {
            return offset.ToString(CultureInfo.InvariantCulture);
        }
    }

    private void CheckOffset(int offset)
    {
        if (offset < 0 || offset >= Info.LineCount)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"{Info} has lines 0 to {Info.LineCount - 1}.");
    }
}

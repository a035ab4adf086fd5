namespace Edge.Display.Tests.Support;

/// <summary>
/// What a 128×64 SSD1306 module does with the bytes it receives over I2C (datasheet rev 1.1,
/// sections 8.1.5, 9 and 10): it decodes control bytes, commands and data into display RAM and
/// settings, and <see cref="Glass"/> gives the picture a person would see on the module.
/// </summary>
/// <remarks>
/// A command it does not know, or a setting a 128×64 module cannot show properly, fails the test
/// loudly rather than being guessed at. The module is modelled as the common breakouts are
/// wired: upright when column 127 drives SEG0 (A1h) and COMs scan from COM63 (C8h).
/// </remarks>
internal sealed class Ssd1306Emulator
{
    public const int Width = 128;
    public const int Height = 64;
    private const int Pages = Height / 8;

    private readonly byte[] _ram = new byte[Width * Pages];
    private int _column;
    private int _page;

    public int Multiplex { get; private set; } = 63;
    public int DisplayOffset { get; private set; }
    public int StartLine { get; private set; }
    public bool ChargePump { get; private set; }
    public int AddressingMode { get; private set; } = 2; // page addressing after reset
    public int ColumnStart { get; private set; }
    public int ColumnEnd { get; private set; } = Width - 1;
    public int PageStart { get; private set; }
    public int PageEnd { get; private set; } = Pages - 1;
    public bool SegmentRemap { get; private set; }
    public bool ComScanRemapped { get; private set; }
    public byte ComPins { get; private set; } = 0x12;
    public bool DisplayOn { get; private set; }
    public bool EntireDisplayOn { get; private set; }
    public bool Inverse { get; private set; }

    /// <summary>Data bytes written to RAM since the start: how much a refresh cost on the bus.</summary>
    public int DataBytes { get; private set; }

    /// <summary>Every command byte received, in order, arguments included.</summary>
    public List<byte> Commands { get; } = [];

    /// <summary>
    /// Power off and on: every setting back to its reset value, and RAM full of whatever it
    /// powered up with (a stripe pattern here, so a partial redraw shows).
    /// </summary>
    public void PowerCycle()
    {
        Array.Fill(_ram, (byte)0xAA);
        (_column, _page) = (0, 0);
        (Multiplex, DisplayOffset, StartLine, ChargePump, AddressingMode) = (63, 0, 0, false, 2);
        (ColumnStart, ColumnEnd, PageStart, PageEnd) = (0, Width - 1, 0, Pages - 1);
        (SegmentRemap, ComScanRemapped, ComPins) = (false, false, 0x12);
        (DisplayOn, EntireDisplayOn, Inverse) = (false, false, false);
    }

    /// <summary>One I2C write: control byte(s) followed by commands or data.</summary>
    public void Receive(ReadOnlySpan<byte> message)
    {
        var i = 0;
        while (i < message.Length)
        {
            var control = message[i++];
            var continuation = (control & 0x80) != 0;
            var isData = (control & 0x40) != 0;
            if ((control & 0x3F) != 0)
                throw new InvalidOperationException($"control byte 0x{control:X2}: its low six bits must be 0");
            // Co = 1: one byte follows, then another control byte; Co = 0: the rest is all commands or all data.
            var end = continuation ? Math.Min(i + 1, message.Length) : message.Length;
            if (isData)
            {
                foreach (var b in message[i..end])
                    WriteData(b);
                i = end;
            }
            else
            {
                while (i < end)
                    i += ExecuteCommand(message[i..end]);
            }
        }
    }

    /// <summary>The picture on the module's glass now.</summary>
    public Picture Glass()
    {
        if (DisplayOffset != 0)
            throw new InvalidOperationException($"display offset {DisplayOffset} is not modelled; edge never sets one");
        if (ComPins != 0x12)
            throw new InvalidOperationException($"COM pins configuration 0x{ComPins:X2}: a 128x64 module needs 0x12 (alternative, no remap), otherwise rows interleave");
        var glass = new Picture(Width, Height);
        if (!DisplayOn || !ChargePump)
            return glass; // dark: switched off, or no panel supply without the charge pump
        for (var com = 0; com < Height; com++)
        {
            // Which display row this COM line shows, if the multiplex ratio drives it at all.
            var row = ComScanRemapped ? Multiplex - com : com;
            if (com > Multiplex || row < 0)
                continue;
            var ramRow = (row + StartLine) % Height;
            var y = Height - 1 - com; // COM0 is at the module's bottom edge
            for (var segment = 0; segment < Width; segment++)
            {
                var column = SegmentRemap ? Width - 1 - segment : segment;
                var x = Width - 1 - segment; // SEG0 is at the module's right edge
                var lit = (_ram[((ramRow / 8) * Width) + column] & (1 << (ramRow % 8))) != 0;
                glass[x, y] = EntireDisplayOn || (lit != Inverse);
            }
        }
        return glass;
    }

    private void WriteData(byte value)
    {
        if (AddressingMode == 1)
            throw new InvalidOperationException("vertical addressing mode is not modelled; edge never uses it");
        _ram[(_page * Width) + _column] = value;
        DataBytes++;
        if (AddressingMode == 0)
        {
            if (_column == ColumnEnd)
            {
                _column = ColumnStart;
                _page = _page == PageEnd ? PageStart : _page + 1;
            }
            else
            {
                _column = (_column + 1) % Width;
            }
        }
        else
        {
            _column = (_column + 1) % Width;
        }
    }

    /// <summary>Runs the command at the start of <paramref name="bytes"/>; returns how many bytes it took.</summary>
    private int ExecuteCommand(ReadOnlySpan<byte> bytes)
    {
        var op = bytes[0];
        var length = op switch
        {
            0x81 or 0x8D or 0x20 or 0xA8 or 0xD3 or 0xD5 or 0xD9 or 0xDA or 0xDB => 2,
            0x21 or 0x22 => 3,
            _ => 1,
        };
        if (bytes.Length < length)
            throw new InvalidOperationException($"command 0x{op:X2} needs {length - 1} argument byte(s) in the same write, got {bytes.Length - 1}");
        var arg = length > 1 ? bytes[1] : (byte)0;
        Commands.AddRange(bytes[..length]);
        switch (op)
        {
            case 0x81: break; // contrast: brightness only
            case 0x8D: ChargePump = (arg & 0x04) != 0; break;
            case 0x20: AddressingMode = arg & 0x03; break;
            case 0x21:
                ColumnStart = _column = bytes[1] & 0x7F;
                ColumnEnd = bytes[2] & 0x7F;
                break;
            case 0x22:
                PageStart = _page = bytes[1] & 0x07;
                PageEnd = bytes[2] & 0x07;
                break;
            case 0xA8:
                if (arg < 15)
                    throw new InvalidOperationException($"multiplex ratio {arg} is invalid (15 to 63)");
                Multiplex = arg & 0x3F;
                break;
            case 0xD3: DisplayOffset = arg & 0x3F; break;
            case 0xD5 or 0xD9 or 0xDB: break; // clock, pre-charge, VCOMH: timing and voltage only
            case 0xDA: ComPins = arg; break;
            case >= 0x40 and <= 0x7F: StartLine = op & 0x3F; break;
            case 0xA0 or 0xA1: SegmentRemap = op == 0xA1; break;
            case 0xA4 or 0xA5: EntireDisplayOn = op == 0xA5; break;
            case 0xA6 or 0xA7: Inverse = op == 0xA7; break;
            case 0xAE or 0xAF: DisplayOn = op == 0xAF; break;
            case 0xC0 or 0xC8: ComScanRemapped = op == 0xC8; break;
            case >= 0xB0 and <= 0xB7: _page = op & 0x07; break;
            case <= 0x0F: _column = (_column & 0xF0) | op; break;
            case >= 0x10 and <= 0x1F: _column = ((op & 0x07) << 4) | (_column & 0x0F); break;
            case 0x2E: break; // deactivate scroll: nothing scrolls here
            case 0xE3: break; // no operation
            default: throw new InvalidOperationException($"command 0x{op:X2} is not modelled");
        }
        return length;
    }
}

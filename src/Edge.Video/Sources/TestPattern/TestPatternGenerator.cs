using Edge.Media;

namespace Edge.Video.Sources.TestPattern;

/// <summary>
/// Draws the test scene into I420 frames: 75 % colour bars with a fixed fine texture (top two
/// thirds), a diagonal gradient scrolling 4 pixels a frame (bottom third), a textured box bouncing
/// across the picture, and the <see cref="BurnedInCode"/> stamp in the top-left corner.
/// </summary>
/// <remarks>
/// The picture is a pure function of the frame number, so a test can redraw any frame. Everything
/// static is drawn once in the constructor; a frame is row copies and a few fills (about a
/// millisecond or less at 1280x720). One generator may serve one thread at a time.
/// </remarks>
public sealed class TestPatternGenerator
{
    private const int GradientPeriod = 256;
    private const int ScrollPerFrame = 4;

    // BT.601 video-range Y, Cb, Cr of the classic 75 % bars: white, yellow, cyan, green, magenta, red, blue.
    private static ReadOnlySpan<byte> BarY => [180, 162, 131, 112, 84, 65, 35];
    private static ReadOnlySpan<byte> BarU => [128, 44, 156, 72, 184, 100, 212];
    private static ReadOnlySpan<byte> BarV => [128, 142, 44, 58, 198, 212, 114];

    private readonly byte[] _barsY;
    private readonly byte[] _barsU;
    private readonly byte[] _barsV;
    private readonly byte[] _gradientY;
    private readonly byte[] _gradientU;
    private readonly byte[] _gradientV;
    private readonly byte[] _boxY;
    private readonly byte[] _boxU;
    private readonly byte[] _boxV;
    private readonly int _barsHeight;
    private readonly int _boxSize;
    private readonly int _stepX;
    private readonly int _stepY;

    /// <param name="width">Picture width in pixels, even.</param>
    /// <param name="height">Picture height in pixels, even.</param>
    public TestPatternGenerator(int width, int height)
    {
        VideoFramePool.ThrowIfBadSize(width, height);
        Width = width;
        Height = height;
        var chromaWidth = width / 2;

        // Bars: full-resolution luma with a fixed ±6 texture, so the encoder sees detail as in a real scene.
        _barsHeight = (height * 2 / 3) & ~1;
        _barsY = new byte[width * _barsHeight];
        _barsU = new byte[chromaWidth * (_barsHeight / 2)];
        _barsV = new byte[chromaWidth * (_barsHeight / 2)];
        var noise = 0x2545F491u;
        for (var y = 0; y < _barsHeight; y++)
        {
            for (var x = 0; x < width; x++)
            {
                noise ^= noise << 13;
                noise ^= noise >> 17;
                noise ^= noise << 5;
                var value = BarY[x * 7 / width] + (int)(noise % 13) - 6;
                _barsY[y * width + x] = (byte)value;
            }
        }

        for (var y = 0; y < _barsHeight / 2; y++)
        {
            for (var x = 0; x < chromaWidth; x++)
            {
                var bar = 2 * x * 7 / width;
                _barsU[y * chromaWidth + x] = BarU[bar];
                _barsV[y * chromaWidth + x] = BarV[bar];
            }
        }

        // Gradient: one row longer than the picture by a period; each picture row is a window of it.
        _gradientY = new byte[width + GradientPeriod];
        for (var x = 0; x < _gradientY.Length; x++)
            _gradientY[x] = (byte)(16 + Triangle(x) * 219 / 128);
        _gradientU = new byte[chromaWidth + GradientPeriod / 2];
        _gradientV = new byte[chromaWidth + GradientPeriod / 2];
        for (var x = 0; x < _gradientU.Length; x++)
        {
            var t = Triangle(2 * x);
            _gradientU[x] = (byte)(64 + t);
            _gradientV[x] = (byte)(192 - t);
        }

        // Box: an orange and dark-blue checkerboard of 4 × 4 cells.
        _boxSize = Math.Max(8, Math.Min(width, height) / 5) & ~7;
        var cell = _boxSize / 4;
        _boxY = new byte[_boxSize * _boxSize];
        _boxU = new byte[_boxSize * _boxSize / 4];
        _boxV = new byte[_boxSize * _boxSize / 4];
        for (var y = 0; y < _boxSize; y++)
        {
            for (var x = 0; x < _boxSize; x++)
                _boxY[y * _boxSize + x] = ((x / cell) + (y / cell)) % 2 == 0 ? (byte)190 : (byte)40;
        }

        var half = _boxSize / 2;
        for (var y = 0; y < half; y++)
        {
            for (var x = 0; x < half; x++)
            {
                var light = ((2 * x / cell) + (2 * y / cell)) % 2 == 0;
                _boxU[y * half + x] = light ? (byte)60 : (byte)170;
                _boxV[y * half + x] = light ? (byte)190 : (byte)110;
            }
        }

        _stepX = Math.Max(2, width / 100) & ~1;
        _stepY = Math.Max(2, height / 120) & ~1;
    }

    /// <summary>Width of the pictures drawn.</summary>
    public int Width { get; }

    /// <summary>Height of the pictures drawn.</summary>
    public int Height { get; }

    /// <summary>
    /// Draws the picture for <see cref="VideoFrame.FrameNumber"/> and stamps it with that number
    /// and <see cref="VideoFrame.CaptureTimestamp"/>.
    /// </summary>
    public void Render(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != Width || frame.Height != Height)
            throw new ArgumentException($"Frame is {frame.Width}x{frame.Height}, the generator draws {Width}x{Height}.", nameof(frame));

        var frameNumber = frame.FrameNumber & long.MaxValue;
        var planeY = frame.PlaneY;
        var planeU = frame.PlaneU;
        var planeV = frame.PlaneV;
        var strideY = frame.StrideY;
        var strideUV = frame.StrideUV;
        var chromaWidth = Width / 2;

        for (var y = 0; y < _barsHeight; y++)
            _barsY.AsSpan(y * Width, Width).CopyTo(planeY.Slice(y * strideY, Width));
        for (var y = 0; y < _barsHeight / 2; y++)
        {
            _barsU.AsSpan(y * chromaWidth, chromaWidth).CopyTo(planeU.Slice(y * strideUV, chromaWidth));
            _barsV.AsSpan(y * chromaWidth, chromaWidth).CopyTo(planeV.Slice(y * strideUV, chromaWidth));
        }

        var shift = (int)(frameNumber % (GradientPeriod / ScrollPerFrame)) * ScrollPerFrame;
        for (var y = _barsHeight; y < Height; y++)
        {
            var offset = (shift + y) % GradientPeriod;
            _gradientY.AsSpan(offset, Width).CopyTo(planeY.Slice(y * strideY, Width));
        }

        for (var y = _barsHeight / 2; y < Height / 2; y++)
        {
            var offset = ((shift + 2 * y) % GradientPeriod) / 2;
            _gradientU.AsSpan(offset, chromaWidth).CopyTo(planeU.Slice(y * strideUV, chromaWidth));
            _gradientV.AsSpan(offset, chromaWidth).CopyTo(planeV.Slice(y * strideUV, chromaWidth));
        }

        if (_boxSize <= Width && _boxSize <= Height)
        {
            var boxX = Bounce(frameNumber * _stepX, Width - _boxSize) & ~1;
            var boxY = Bounce(frameNumber * _stepY, Height - _boxSize) & ~1;
            for (var y = 0; y < _boxSize; y++)
                _boxY.AsSpan(y * _boxSize, _boxSize).CopyTo(planeY.Slice((boxY + y) * strideY + boxX, _boxSize));
            var half = _boxSize / 2;
            for (var y = 0; y < half; y++)
            {
                var at = (boxY / 2 + y) * strideUV + boxX / 2;
                _boxU.AsSpan(y * half, half).CopyTo(planeU.Slice(at, half));
                _boxV.AsSpan(y * half, half).CopyTo(planeV.Slice(at, half));
            }
        }

        BurnedInCode.Write(planeY, strideY, planeU, planeV, strideUV, Width, Height, frameNumber, MediaClock.ToMicroseconds(frame.CaptureTimestamp));
    }

    // 0 → 128 → 0 over one gradient period.
    private static int Triangle(int x)
    {
        var phase = x % GradientPeriod;
        return phase < GradientPeriod / 2 ? phase : GradientPeriod - phase;
    }

    // Position on a path that runs 0 → range → 0.
    private static int Bounce(long travelled, int range)
    {
        if (range <= 0)
            return 0;
        var phase = (int)(travelled % (2L * range));
        return phase <= range ? phase : 2 * range - phase;
    }
}

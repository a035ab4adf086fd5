using System.Buffers;

namespace Edge.Tests.Status.Support;

/// <summary>Builds a <see cref="ReadOnlySequence{T}"/> from pieces, as a pipe hands over bytes that arrived in several reads.</summary>
internal static class ByteSegments
{
    public static ReadOnlySequence<byte> Split(byte[] data, int pieceLength)
    {
        if (data.Length == 0)
            return ReadOnlySequence<byte>.Empty;
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < data.Length; offset += pieceLength)
        {
            var piece = data.AsMemory(offset, Math.Min(pieceLength, data.Length - offset));
            var segment = new Segment(piece, last is null ? 0 : last.RunningIndex + last.Memory.Length);
            if (last is null)
                first = segment;
            else
                last.SetNext(segment);
            last = segment;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}

using Edge.Rtmp.Amf;

namespace Edge.Rtmp.Messages;

/// <summary>
/// A command message from the server (RTMP 1.0 section 7.1.1): a name, a transaction id, a
/// command object and arguments, e.g. <c>_result 1 {fmsVer…} {level, code, description}</c> or
/// <c>onStatus 0 null {level, code, description}</c>.
/// </summary>
internal sealed class RtmpCommand
{
    private RtmpCommand(string name, double transactionId, Amf0Value commandObject, IReadOnlyList<Amf0Value> arguments)
    {
        Name = name;
        TransactionId = transactionId;
        CommandObject = commandObject;
        Arguments = arguments;
    }

    public string Name { get; }

    public double TransactionId { get; }

    /// <summary>The command object (often null).</summary>
    public Amf0Value CommandObject { get; }

    /// <summary>The values after the command object.</summary>
    public IReadOnlyList<Amf0Value> Arguments { get; }

    /// <summary>
    /// The information object of a <c>_result</c>, <c>_error</c> or <c>onStatus</c>: the first
    /// argument that is an object (with <c>level</c>, <c>code</c>, <c>description</c>), if any.
    /// </summary>
    public Amf0Value? Info
    {
        get
        {
            foreach (var argument in Arguments)
            {
                if (argument.IsObjectLike)
                    return argument;
            }
            return CommandObject.IsObjectLike ? CommandObject : null;
        }
    }

    /// <summary><c>code</c> of <see cref="Info"/>, e.g. <c>NetStream.Publish.Start</c>; empty when absent.</summary>
    public string Code => Info?.GetString("code") ?? "";

    /// <summary><c>level</c> of <see cref="Info"/>: <c>status</c>, <c>warning</c> or <c>error</c>; empty when absent.</summary>
    public string Level => Info?.GetString("level") ?? "";

    /// <summary><c>description</c> of <see cref="Info"/>; empty when absent.</summary>
    public string Description => Info?.GetString("description") ?? "";

    /// <summary>Parses an AMF0 command payload (message type 20), or an AMF3 one (17), which starts with one format byte and carries AMF0.</summary>
    /// <exception cref="InvalidDataException">The payload is not a command.</exception>
    public static RtmpCommand Parse(ReadOnlySpan<byte> payload, bool amf3Envelope)
    {
        if (amf3Envelope)
        {
            if (payload.IsEmpty)
                throw new InvalidDataException("RTMP: empty AMF3 command message.");
            payload = payload[1..];
        }

        var reader = new Amf0Reader(payload);
        var name = reader.ReadValue();
        if (name.Type is not (Amf0Type.String or Amf0Type.LongString))
            throw new InvalidDataException($"RTMP: a command message starts with a {name.Type}, not the command name.");
        var transaction = reader.TryReadValue(out var id) && id.Type == Amf0Type.Number ? id.Number : 0;
        var commandObject = reader.TryReadValue(out var obj) ? obj : Amf0Value.Null;
        var arguments = new List<Amf0Value>();
        while (reader.TryReadValue(out var argument))
            arguments.Add(argument);
        return new RtmpCommand(name.String!, transaction, commandObject, arguments);
    }

    public override string ToString() => $"{Name} #{TransactionId} {Level} {Code}".TrimEnd();
}

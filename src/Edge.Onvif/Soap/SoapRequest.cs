using Edge.Onvif.Security;

namespace Edge.Onvif.Soap;

/// <summary>
/// What Edge needs from a SOAP request: the operation (the first element of the body), the
/// WS-Security token if any, and the body's leaf values by local name (first occurrence wins:
/// <c>ProfileToken</c>, <c>Protocol</c>, <c>Category</c>...).
/// </summary>
public sealed class SoapRequest
{
    public SoapRequest(string operation, string operationNamespace, UsernameToken? token, IReadOnlyDictionary<string, string> values)
    {
        Operation = operation;
        OperationNamespace = operationNamespace;
        Token = token;
        Values = values;
    }

    /// <summary>The operation's local name, like <c>GetProfiles</c>.</summary>
    public string Operation { get; }

    /// <summary>The operation's namespace, like the media service's.</summary>
    public string OperationNamespace { get; }

    /// <summary>The WS-Security UsernameToken from the header, or null.</summary>
    public UsernameToken? Token { get; }

    /// <summary>Leaf values of the body by local name.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>The value of <paramref name="name"/>, or null when the body has none.</summary>
    public string? Value(string name) => Values.TryGetValue(name, out var value) ? value : null;
}

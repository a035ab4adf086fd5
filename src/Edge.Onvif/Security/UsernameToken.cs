namespace Edge.Onvif.Security;

/// <summary>
/// A WS-Security <c>UsernameToken</c> as sent (OASIS Username Token Profile 1.0): the password
/// is a digest (<see cref="IsDigest"/>) or, from older clients, the password itself.
/// </summary>
public sealed record UsernameToken(string UserName, string Password, bool IsDigest, string? Nonce, string? Created)
{
    /// <summary>Never prints the password or digest.</summary>
    public override string ToString() => $"UsernameToken {{ UserName = {UserName}, IsDigest = {IsDigest}, Created = {Created} }}";
}

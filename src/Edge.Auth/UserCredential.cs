namespace Edge.Auth;

/// <summary>A user allowed in when authentication is on.</summary>
public sealed record UserCredential
{
    public UserCredential(string name, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(password);
        Name = name;
        Password = password;
    }

    public string Name { get; }

    public string Password { get; }

    /// <summary>Never prints the password, so a credential can be logged safely.</summary>
    public override string ToString() => $"UserCredential {{ Name = {Name}, Password = *** }}";
}

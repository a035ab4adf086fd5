namespace Edge.Config;

/// <summary>A user allowed to watch when RTSP authentication is on.</summary>
public sealed record RtspUser(string Name, string Password)
{
    /// <summary>Never prints the password, so a user can be logged safely.</summary>
    public override string ToString() => $"RtspUser {{ Name = {Name}, Password = *** }}";
}

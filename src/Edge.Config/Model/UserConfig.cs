namespace Edge.Config;

/// <summary>A user allowed to watch: <c>[[rtsp.users]]</c> (RTSP, and the web page unless it has its own) or <c>[[http.users]]</c>.</summary>
public sealed record UserConfig(string Name, string Password)
{
    /// <summary>Never prints the password, so a user can be logged safely.</summary>
    public override string ToString() => $"UserConfig {{ Name = {Name}, Password = *** }}";
}

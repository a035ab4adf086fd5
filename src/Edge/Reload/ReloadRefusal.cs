namespace Edge.Reload;

/// <summary>
/// The last reload that was refused because the new file had errors: the running config stayed.
/// Shown on the status page and in <c>/api/status</c> until a later reload is applied.
/// </summary>
/// <param name="File">The config file that was read.</param>
/// <param name="Errors">Every problem found, located (<c>edge.toml:12:7: …</c>).</param>
/// <param name="At">When the reload was asked for.</param>
internal sealed record ReloadRefusal(string File, IReadOnlyList<string> Errors, DateTimeOffset At)
{
    /// <summary>One line for <c>systemctl status</c> and the page's banner.</summary>
    public string Summary =>
        $"reload refused, running config kept: {Errors.Count} problem{(Errors.Count == 1 ? "" : "s")} in {File}" + (Errors.Count > 0 ? $", first {Errors[0]}" : "");
}

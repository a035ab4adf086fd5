namespace Edge.Reload;

/// <summary>
/// The config file a reload reads: the one given with <c>--config</c>, or
/// <c>/etc/edge/edge.toml</c>, also when edge started on the built-in defaults because that file
/// did not exist yet (a reload then picks it up once it does).
/// </summary>
internal sealed record ConfigSource(string Path);

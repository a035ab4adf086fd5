namespace Edge.Mqtt;

/// <summary>The <c>origin</c> block of a discovery config: which software published it (Home Assistant logs it).</summary>
internal sealed record HomeAssistantOrigin(string Name, string SwVersion);

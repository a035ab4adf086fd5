namespace Edge.EndToEnd.Tests.Support;

/// <summary>A test in headless chromium: skipped without chromium, node or the driver, but under CI=true (see <see cref="PeerFactAttribute"/>).</summary>
public sealed class BrowserFactAttribute() : PeerFactAttribute(HeadlessChromium.Missing());

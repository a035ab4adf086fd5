namespace Edge.EndToEnd.Tests.Support;

/// <summary>A test with the npm node-onvif client: skipped without node or the package, but under CI=true (see <see cref="PeerFactAttribute"/>).</summary>
public sealed class NodeOnvifFactAttribute() : PeerFactAttribute(NodeOnvifClient.Missing());

using Edge.Config;

namespace Edge.Reload;

/// <summary>
/// Whether two config records would make a service behave the same. The config types are
/// records, so their compiler-made equality covers every scalar setting, including ones added
/// later; only the parts it compares by reference are handled here: lists (<c>IReadOnlyList</c>
/// compares by reference) and the URL classes (<see cref="PushUrl"/>, <see cref="MqttUrl"/>).
/// </summary>
/// <remarks>
/// Each comparison sets those parts to one shared value on both sides, lets the record compare
/// the rest, then compares the parts by value. A list or class added to a config record later
/// and not handled here compares by reference: two loads of one file then look different, and
/// a reload restarts more than it had to, never less.
/// </remarks>
internal static class ConfigEquality
{
    // One shared value each, so the record's reference comparison of these parts is always true.
    private static readonly EncoderConfig NeutralEncoder = new();
    private static readonly IReadOnlyList<string> NoCodecs = [];
    private static readonly IReadOnlyList<UserConfig> NoUsers = [];

    public static bool Same(CameraConfig a, CameraConfig b) =>
        a with { Encoder = NeutralEncoder } == b with { Encoder = NeutralEncoder } && Same(a.Encoder, b.Encoder);

    public static bool Same(EncoderConfig a, EncoderConfig b) =>
        a with { Codecs = NoCodecs } == b with { Codecs = NoCodecs } && a.Codecs.SequenceEqual(b.Codecs, StringComparer.Ordinal);

    public static bool Same(PushConfig a, PushConfig b) =>
        a with { Url = b.Url } == b && a.Url.IsTls == b.Url.IsTls && a.Url.TcUrl == b.Url.TcUrl && a.Url.StreamKey == b.Url.StreamKey;

    public static bool Same(RtspConfig a, RtspConfig b) =>
        a with { Users = NoUsers } == b with { Users = NoUsers } && a.Users.SequenceEqual(b.Users);

    public static bool Same(HttpConfig a, HttpConfig b) =>
        a with { Users = NoUsers } == b with { Users = NoUsers } && a.Users.SequenceEqual(b.Users);

    public static bool Same(MqttConfig? a, MqttConfig? b) =>
        a is null || b is null
            ? a is null && b is null
            : a with { Url = b.Url } == b && a.Url.ToString() == b.Url.ToString();
}

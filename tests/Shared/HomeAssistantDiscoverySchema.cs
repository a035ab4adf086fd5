using System.Text.Json;
using System.Text.RegularExpressions;

namespace Edge.Tests.Shared;

/// <summary>
/// Checks MQTT discovery configs the way Home Assistant reads them, from its documentation
/// (https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery and the pages of the
/// sensor, binary_sensor, button and image platforms): the topic's shape, the keys each
/// component requires, unique ids, a device block with identifiers, valid topics, and that every
/// <c>value_json</c> path in a template leads somewhere in the state message it will be applied to.
/// </summary>
public static partial class HomeAssistantDiscoverySchema
{
    private static readonly Dictionary<string, string[]> RequiredKeys = new(StringComparer.Ordinal)
    {
        ["sensor"] = ["state_topic"],
        ["binary_sensor"] = ["state_topic"],
        ["button"] = ["command_topic"],
        ["image"] = [], // url_topic or image_topic: checked below
    };

    /// <summary>Every problem found, empty when Home Assistant would take them all.</summary>
    /// <param name="configs">Discovery topic → payload.</param>
    /// <param name="prefix">The discovery prefix.</param>
    /// <param name="retained">Topic → payload of the other retained messages on the broker (state, availability), for the topics the configs name.</param>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string> configs, string prefix, IReadOnlyDictionary<string, string> retained)
    {
        var problems = new List<string>();
        var uniqueIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (topic, payload) in configs)
        {
            var match = DiscoveryTopic().Match(topic.StartsWith(prefix + "/", StringComparison.Ordinal) ? topic[(prefix.Length + 1)..] : "");
            if (!match.Success)
            {
                problems.Add($"{topic}: not {prefix}/<component>/[<node_id>/]<object_id>/config with ids of [a-zA-Z0-9_-]");
                continue;
            }
            var component = match.Groups["component"].Value;
            if (!RequiredKeys.TryGetValue(component, out var required))
            {
                problems.Add($"{topic}: component {component} is not one this check knows");
                continue;
            }
            JsonElement config;
            try
            {
                config = JsonDocument.Parse(payload).RootElement;
            }
            catch (JsonException e)
            {
                problems.Add($"{topic}: not JSON: {e.Message}");
                continue;
            }
            if (config.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{topic}: not a JSON object");
                continue;
            }

            foreach (var key in required.Append("unique_id").Append("availability_topic").Append("name"))
            {
                if (!config.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0)
                    problems.Add($"{topic}: {key} missing or not a non-empty string");
            }
            if (config.TryGetProperty("unique_id", out var uniqueId) && uniqueId.ValueKind == JsonValueKind.String && !uniqueIds.TryAdd(uniqueId.GetString()!, topic))
                problems.Add($"{topic}: unique_id {uniqueId.GetString()} is also used by {uniqueIds[uniqueId.GetString()!]}");

            if (!config.TryGetProperty("device", out var device) || !device.TryGetProperty("identifiers", out var identifiers)
                || identifiers.ValueKind != JsonValueKind.Array || identifiers.GetArrayLength() == 0)
                problems.Add($"{topic}: device.identifiers missing (Home Assistant needs identifiers or connections)");

            if (component == "image")
            {
                var hasUrl = config.TryGetProperty("url_topic", out _);
                var hasImage = config.TryGetProperty("image_topic", out _);
                if (hasUrl == hasImage)
                    problems.Add($"{topic}: an image needs exactly one of url_topic and image_topic");
            }
            if (config.TryGetProperty("device_class", out var deviceClass) && deviceClass.GetString() == "enum")
            {
                if (!config.TryGetProperty("options", out var options) || options.ValueKind != JsonValueKind.Array || options.GetArrayLength() == 0)
                    problems.Add($"{topic}: an enum sensor needs options");
                if (config.TryGetProperty("unit_of_measurement", out _) || config.TryGetProperty("state_class", out _))
                    problems.Add($"{topic}: an enum sensor takes neither unit_of_measurement nor state_class");
            }

            // Topics it publishes to must be valid topic names; topics it reads must carry a retained message.
            foreach (var key in new[] { "command_topic" })
            {
                if (config.TryGetProperty(key, out var value) && !IsTopicName(value.GetString()))
                    problems.Add($"{topic}: {key} \"{value.GetString()}\" is not a valid topic name");
            }
            foreach (var (topicKey, templateKey) in new[] { ("state_topic", "value_template"), ("url_topic", "url_template"), ("availability_topic", "") })
            {
                if (!config.TryGetProperty(topicKey, out var read))
                    continue;
                var readTopic = read.GetString() ?? "";
                if (!retained.TryGetValue(readTopic, out var message))
                {
                    problems.Add($"{topic}: {topicKey} {readTopic} has no retained message");
                    continue;
                }
                if (templateKey.Length > 0 && config.TryGetProperty(templateKey, out var template))
                {
                    foreach (var problem in TemplateProblems(template.GetString() ?? "", message))
                        problems.Add($"{topic}: {templateKey}: {problem}");
                }
            }
        }
        return problems;
    }

    /// <summary>The <c>value_json</c> paths of a template that lead nowhere (or to an object) in <paramref name="message"/>.</summary>
    public static IEnumerable<string> TemplateProblems(string template, string message)
    {
        using var document = JsonDocument.Parse(message);
        foreach (Match path in ValueJsonPath().Matches(template))
        {
            var element = document.RootElement;
            foreach (Capture step in path.Groups["step"].Captures)
            {
                var text = step.Value;
                var next = default(JsonElement);
                var found = text.StartsWith('.')
                    ? element.ValueKind == JsonValueKind.Object && element.TryGetProperty(text[1..], out next)
                    : text.StartsWith("['", StringComparison.Ordinal)
                        ? element.ValueKind == JsonValueKind.Object && element.TryGetProperty(text[2..^2], out next)
                        : TryIndex(element, int.Parse(text[1..^1], System.Globalization.CultureInfo.InvariantCulture), out next);
                if (!found)
                {
                    yield return $"{path.Value} does not exist in {message}";
                    break;
                }
                element = next;
            }
            if (element.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                yield return $"{path.Value} is an object or a list, not a value";
        }
    }

    private static bool TryIndex(JsonElement element, int index, out JsonElement value)
    {
        value = default;
        if (element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength())
            return false;
        value = element[index];
        return true;
    }

    private static bool IsTopicName(string? topic) =>
        !string.IsNullOrEmpty(topic) && !topic.Contains('+', StringComparison.Ordinal) && !topic.Contains('#', StringComparison.Ordinal);

    [GeneratedRegex(@"^(?<component>[a-z_]+)/(?:[a-zA-Z0-9_-]+/)?[a-zA-Z0-9_-]+/config$")]
    private static partial Regex DiscoveryTopic();

    [GeneratedRegex(@"value_json(?<step>\.[a-zA-Z_][a-zA-Z0-9_]*|\['[^']+'\]|\[\d+\])+")]
    private static partial Regex ValueJsonPath();
}

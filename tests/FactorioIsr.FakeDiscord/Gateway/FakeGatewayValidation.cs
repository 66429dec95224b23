using System.Text.Json;
using System.Text.Json.Nodes;

namespace FactorioIsr.FakeDiscord;

/// <summary>
/// Checks the payloads a client sends to the gateway against Discord's documented shapes (shared/reference/discord.md
/// §1.2-1.6, from discord-api-docs <c>gateway-events.mdx</c>): Heartbeat, Identify, Presence Update and Resume. Discord's
/// OpenAPI document describes the HTTP API only and has no gateway schemas, so these are written out by hand here.
/// Unknown fields are errors, so a typo (<c>session</c> for <c>session_id</c>) is caught.
/// </summary>
internal static class FakeGatewayValidation
{
    private static readonly HashSet<string> Statuses = new(["online", "dnd", "idle", "invisible", "offline"], StringComparer.Ordinal);

    public static IReadOnlyList<string> Validate(int op, JsonObject payload)
    {
        var errors = new List<string>();
        Keys(payload, "", errors, required: ["op", "d"], optional: ["s", "t"]);
        var data = payload["d"];
        switch (op)
        {
            case 1:
                if (data is not null && !IsInteger(data))
                {
                    errors.Add("d: a heartbeat's d is the last sequence number (an integer) or null");
                }

                break;
            case 2:
                Identify(data, errors);
                break;
            case 3:
                Presence(data, "d", errors);
                break;
            case 6:
                if (data is not JsonObject resume)
                {
                    errors.Add("d: must be an object");
                    break;
                }

                Keys(resume, "d.", errors, required: ["token", "session_id", "seq"], optional: []);
                String(resume, "token", "d.", errors);
                String(resume, "session_id", "d.", errors);
                if (resume["seq"] is { } seq && !IsInteger(seq))
                {
                    errors.Add("d.seq: must be an integer or null");
                }

                break;
            default:
                break;
        }

        return errors;
    }

    private static void Identify(JsonNode? data, List<string> errors)
    {
        if (data is not JsonObject identify)
        {
            errors.Add("d: must be an object");
            return;
        }

        Keys(identify, "d.", errors, required: ["token", "properties", "intents"], optional: ["compress", "large_threshold", "shard", "presence"]);
        String(identify, "token", "d.", errors);
        if (identify["intents"] is not { } intents || !IsInteger(intents) || intents.GetValue<long>() < 0)
        {
            errors.Add("d.intents: must be a non-negative integer");
        }

        if (identify["properties"] is JsonObject properties)
        {
            Keys(properties, "d.properties.", errors, required: ["os", "browser", "device"], optional: []);
            foreach (var key in new[] { "os", "browser", "device" })
            {
                String(properties, key, "d.properties.", errors);
            }
        }
        else
        {
            errors.Add("d.properties: must be an object");
        }

        if (identify["compress"] is { } compress && compress.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add("d.compress: must be a boolean");
        }

        if (identify["large_threshold"] is { } threshold && (!IsInteger(threshold) || threshold.GetValue<long>() is < 50 or > 250))
        {
            errors.Add("d.large_threshold: must be an integer from 50 to 250");
        }

        if (identify["shard"] is { } shard && (shard is not JsonArray { Count: 2 } pair || !IsInteger(pair[0]) || !IsInteger(pair[1])
            || pair[0]!.GetValue<long>() < 0 || pair[0]!.GetValue<long>() >= pair[1]!.GetValue<long>()))
        {
            errors.Add("d.shard: must be [shard_id, num_shards] with 0 <= shard_id < num_shards");
        }

        if (identify["presence"] is { } presence)
        {
            Presence(presence, "d.presence", errors);
        }
    }

    private static void Presence(JsonNode? data, string path, List<string> errors)
    {
        if (data is not JsonObject presence)
        {
            errors.Add(path + ": must be an object");
            return;
        }

        Keys(presence, path + ".", errors, required: ["since", "activities", "status", "afk"], optional: []);
        if (presence["since"] is { } since && !IsInteger(since))
        {
            errors.Add(path + ".since: must be a unix time in milliseconds or null");
        }

        if (presence["status"]?.GetValueKind() != JsonValueKind.String || !Statuses.Contains(presence["status"]!.GetValue<string>()))
        {
            errors.Add(path + ".status: must be one of online, dnd, idle, invisible, offline");
        }

        if (presence["afk"]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(path + ".afk: must be a boolean");
        }

        if (presence["activities"] is not JsonArray activities)
        {
            errors.Add(path + ".activities: must be an array");
            return;
        }

        for (var i = 0; i < activities.Count; i++)
        {
            var at = $"{path}.activities[{i}]";
            if (activities[i] is not JsonObject activity)
            {
                errors.Add(at + ": must be an object");
                continue;
            }

            Keys(activity, at + ".", errors, required: ["name", "type"], optional: ["url", "state"]);
            String(activity, "name", at + ".", errors);
            if (activity["type"] is not { } type || !IsInteger(type) || type.GetValue<long>() is < 0 or > 5)
            {
                errors.Add(at + ".type: must be an activity type from 0 to 5");
            }

            if (activity["state"] is { } state && state.GetValueKind() != JsonValueKind.String)
            {
                errors.Add(at + ".state: must be a string");
            }
        }
    }

    private static void Keys(JsonObject obj, string path, List<string> errors, string[] required, string[] optional)
    {
        foreach (var key in required.Where(k => !obj.ContainsKey(k)))
        {
            errors.Add($"{path}{key}: required");
        }

        foreach (var (key, _) in obj.Where(p => !required.Contains(p.Key) && !optional.Contains(p.Key)))
        {
            errors.Add($"{path}{key}: unknown field");
        }
    }

    private static void String(JsonObject obj, string key, string path, List<string> errors)
    {
        if (obj[key]?.GetValueKind() != JsonValueKind.String || obj[key]!.GetValue<string>().Length == 0)
        {
            errors.Add($"{path}{key}: must be a non-empty string");
        }
    }

    private static bool IsInteger(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out _);
}

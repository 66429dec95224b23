using System.Text.Json.Nodes;

namespace FactorioIsr.FakeDiscord;

/// <summary>Discord's own message limits (counted in code points, as Discord counts), reported in its 50035 format.</summary>
internal static class FakeDiscordValidation
{
    public sealed record FieldError(string[] Path, string Code, string Message);

    public static int CodePoints(string? text) => text is null ? 0 : text.EnumerateRunes().Count();

    public static List<FieldError> ValidateMessage(JsonNode? body, bool webhook, bool hasFiles = false)
    {
        var errors = new List<FieldError>();
        if (body is not JsonObject obj)
        {
            errors.Add(new FieldError([], "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a DictType"));
            return errors;
        }

        var content = obj["content"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? obj["content"]!.GetValue<string>() : null;
        if (CodePoints(content) > 2000)
        {
            errors.Add(new FieldError(["content"], "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length."));
        }

        var embeds = obj["embeds"] as JsonArray;
        if (embeds is { Count: > 10 })
        {
            errors.Add(new FieldError(["embeds"], "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length."));
        }

        var total = 0;
        for (var i = 0; embeds is not null && i < embeds.Count; i++)
        {
            total += ValidateEmbed(embeds[i] as JsonObject, i.ToString(System.Globalization.CultureInfo.InvariantCulture), errors);
        }

        if (total > 6000)
        {
            errors.Add(new FieldError(["embeds"], "BASE_TYPE_MAX_LENGTH", "Embed size exceeds maximum size of 6000"));
        }

        if (string.IsNullOrEmpty(content) && (embeds is null || embeds.Count == 0) && !hasFiles)
        {
            errors.Add(new FieldError([], "EMPTY_MESSAGE", "Cannot send an empty message"));
        }

        if (obj["allowed_mentions"] is JsonObject mentions && mentions["parse"] is JsonArray parse)
        {
            foreach (var kind in new[] { "roles", "users" })
            {
                if (parse.Any(p => p?.ToString() == kind) && mentions[kind] is JsonArray { Count: > 0 })
                {
                    errors.Add(new FieldError(["allowed_mentions"], "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                        $"parse:[\"{kind}\"] is mutually exclusive with {kind}"));
                }
            }
        }

        if (webhook && obj["username"]?.ToString() is { } username)
        {
            var lower = username.ToLowerInvariant();
            if (CodePoints(username) is < 1 or > 80 || lower.Contains("discord", StringComparison.Ordinal) || lower.Contains("clyde", StringComparison.Ordinal))
            {
                errors.Add(new FieldError(["username"], "USERNAME_INVALID_CONTAINS", "Username cannot contain \"discord\" or \"clyde\" and must be 1-80 long."));
            }
        }

        return errors;
    }

    private static int ValidateEmbed(JsonObject? embed, string index, List<FieldError> errors)
    {
        if (embed is null)
        {
            return 0;
        }

        var total = 0;
        total += Check(embed["title"], 256, ["embeds", index, "title"], errors);
        total += Check(embed["description"], 4096, ["embeds", index, "description"], errors);
        total += Check(embed["footer"]?["text"], 2048, ["embeds", index, "footer", "text"], errors);
        total += Check(embed["author"]?["name"], 256, ["embeds", index, "author", "name"], errors);
        if (embed["fields"] is JsonArray fields)
        {
            if (fields.Count > 25)
            {
                errors.Add(new FieldError(["embeds", index, "fields"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."));
            }

            for (var f = 0; f < fields.Count; f++)
            {
                var at = f.ToString(System.Globalization.CultureInfo.InvariantCulture);
                foreach (var (name, max) in new[] { ("name", 256), ("value", 1024) })
                {
                    var text = fields[f]?[name]?.ToString();
                    if (string.IsNullOrWhiteSpace(text))
                    {
                        errors.Add(new FieldError(["embeds", index, "fields", at, name], "BASE_TYPE_REQUIRED", "This field is required"));
                    }

                    total += Check(fields[f]?[name], max, ["embeds", index, "fields", at, name], errors);
                }
            }
        }

        return total;
    }

    private static int Check(JsonNode? node, int max, string[] path, List<FieldError> errors)
    {
        var text = node?.ToString();
        // Discord measures embed text after trimming surrounding whitespace.
        var length = CodePoints(text?.Trim());
        if (length > max)
        {
            errors.Add(new FieldError(path, "BASE_TYPE_MAX_LENGTH", $"Must be {max} or fewer in length."));
        }

        return length;
    }

    /// <summary>Builds Discord's nested <c>errors</c> object: <c>{"embeds":{"0":{"title":{"_errors":[...]}}}}</c>.</summary>
    public static JsonObject ToErrorsObject(IEnumerable<FieldError> errors)
    {
        var root = new JsonObject();
        foreach (var error in errors)
        {
            var node = root;
            foreach (var segment in error.Path)
            {
                if (node[segment] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[segment] = child;
                }

                node = child;
            }

            if (node["_errors"] is not JsonArray list)
            {
                list = [];
                node["_errors"] = list;
            }

            list.Add(new JsonObject { ["code"] = error.Code, ["message"] = error.Message });
        }

        return root;
    }
}

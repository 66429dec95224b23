using System.Text.Json.Nodes;

namespace FactorioIsr.Tests.Commands;

/// <summary>Interactions shaped as Discord sends them (discord.md §2.1).</summary>
internal static class InteractionJson
{
    public const string ApplicationId = "333000000000000001";

    public static JsonObject Command(string id, string top, string? group, string sub, CommandHarness.Member member, params (string Name, object Value)[] options) =>
        Base(id, 2, member, new JsonObject
        {
            ["id"] = "771825006014889984",
            ["name"] = top,
            ["type"] = 1,
            ["options"] = new JsonArray(Nest(group, sub, Options(options, focused: null))),
        });

    public static JsonObject Autocomplete(string id, string top, string sub, CommandHarness.Member member, string focused, params (string Name, object Value)[] options) =>
        Base(id, 4, member, new JsonObject
        {
            ["id"] = "771825006014889984",
            ["name"] = top,
            ["type"] = 1,
            ["options"] = new JsonArray(Nest(null, sub, Options(options, focused))),
        });

    public static JsonObject Button(string id, string customId, CommandHarness.Member member) =>
        Base(id, 3, member, new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 });

    private static JsonObject Nest(string? group, string sub, JsonArray options)
    {
        var subcommand = new JsonObject { ["name"] = sub, ["type"] = 1, ["options"] = options };
        return group is null ? subcommand : new JsonObject { ["name"] = group, ["type"] = 2, ["options"] = new JsonArray(subcommand) };
    }

    private static JsonArray Options((string Name, object Value)[] options, string? focused)
    {
        var array = new JsonArray();
        foreach (var (name, value) in options)
        {
            var option = new JsonObject
            {
                ["name"] = name,
                ["type"] = value switch { double or int => 10, bool => 5, _ => 3 },
                ["value"] = JsonValue.Create(value),
            };
            if (name == focused)
            {
                option["focused"] = true;
                option["value"] = value.ToString();
            }

            array.Add(option);
        }

        return array;
    }

    private static JsonObject Base(string id, int type, CommandHarness.Member member, JsonObject data) => new()
    {
        ["id"] = id,
        ["application_id"] = ApplicationId,
        ["type"] = type,
        ["token"] = "tok-" + id,
        ["version"] = 1,
        ["guild_id"] = CommandHarness.GuildId,
        ["channel_id"] = "645027906669510667",
        ["member"] = new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = member.Id, ["username"] = "user" + member.Id[^2..], ["discriminator"] = "0", ["global_name"] = "User " + member.Id[^2..] },
            ["roles"] = new JsonArray([.. member.Roles.Select(r => (JsonNode)r)]),
            ["permissions"] = member.Permissions,
            ["nick"] = null,
        },
        ["app_permissions"] = "442368",
        ["locale"] = "en-US",
        ["data"] = data,
    };
}

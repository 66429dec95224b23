using System.Text;

namespace FactorioIsr.Tests.Rcon;

/// <summary>Adversarial strings for the Lua encoder: quotes, backslashes, long brackets, control bytes, emoji, 10 KB.</summary>
internal static class LuaStringCorpus
{
    public static IReadOnlyList<string> All { get; } = Build();

    /// <summary>What Lua must see: the UTF-8 of the input, lone surrogates replaced by U+FFFD.</summary>
    public static byte[] ExpectedBytes(string value) => new UTF8Encoding(false, throwOnInvalidBytes: false).GetBytes(value);

    private static List<string> Build()
    {
        var random = new Random(20261126);
        var pieces = new[] { "\"", "'", "\\", "]]", "]=]", "[[", "[==[", "\n", "\r", "\0", "\t", "😀", "é", "%", "\u007f", "\\0", "1", "x" };
        var mixed = new StringBuilder();
        while (mixed.Length < 10_240)
        {
            mixed.Append(pieces[random.Next(pieces.Length)]);
        }

        var allBytes = new StringBuilder();
        for (var c = 0; c < 0x80; c++)
        {
            allBytes.Append((char)c);
        }

        return
        [
            string.Empty,
            "plain text",
            "\"double\" and 'single' quotes",
            "back\\slash \\\\ \\n \\\"",
            "]]",
            "]=]",
            "]==]",
            "[[long]] [=[also]=]",
            "--[[ not a comment",
            "line1\nline2\r\nline3\rline4",
            "\0",
            "a\0b",
            "\0" + "1",
            "\u0001\u001f\u007f",
            "tab\there",
            "emoji 😀 🏭 👩‍🔧",
            "é ü ß 中文 Ωμέγα",
            "\ud800x",
            "\udc00",
            "x\ud83d",
            "%s %d %%",
            "\") game.print('pwned') --",
            "'; rcon.print(1) --",
            "\u2028\u2029\u0085",
            allBytes.ToString(),
            new string('x', 10_240),
            new string('"', 5_000) + new string('\\', 5_000),
            string.Concat(Enumerable.Repeat("]]", 5_120)),
            mixed.ToString(),
        ];
    }
}

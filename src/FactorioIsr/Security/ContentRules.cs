using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FactorioIsr.Security;

/// <summary>What a content rule found: the rule and the matched text (raw: escape it before showing it).</summary>
internal sealed record ContentFinding(string Rule, string Evidence, string Why);

/// <summary>
/// The content rules (<c>code_injection</c>, <c>command_injection</c>, <c>path_traversal</c>), designed for few false
/// positives: a rule needs the shape of an attack, not a word. Talk about the game's Lua (<c>game.print</c>, "use /c
/// game.speed"), <c>&amp;&amp;</c>, backticks, URLs, blueprints, rich text and every script pass. The text is
/// normalised first (NFKC, so full-width <c>／ｃ</c> is <c>/c</c>; zero-width and soft-hyphen characters removed), so
/// disguises do not pass either. See docs/security.md for each rule and why it is shaped so.
/// </summary>
internal static partial class ContentRules
{
    private const string LuaGlobals = "game|script|remote|rcon|helpers|commands|settings|storage|global|defines|prototypes|os|io|debug|package|string|_G|_ENV";

    /// <summary>The first finding of the enabled rules, in the order code, command, path; null when the text is clean.</summary>
    public static ContentFinding? Check(string text, Func<string, bool> enabled)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var normal = Normalize(text);
        if (enabled(SecurityRuleNames.CodeInjection) && CodeInjection(normal) is { } code)
        {
            return code;
        }

        if (enabled(SecurityRuleNames.CommandInjection) && CommandInjection(normal) is { } command)
        {
            return command;
        }

        return enabled(SecurityRuleNames.PathTraversal) ? PathTraversal(normal) : null;
    }

    /// <summary>Every rule enabled.</summary>
    public static ContentFinding? Check(string text) => Check(text, _ => true);

    /// <summary>NFKC (where the runtime has it) and full-width forms as ASCII, without invisible characters (zero-width, soft hyphen, bidi controls, BOM).</summary>
    public static string Normalize(string text)
    {
        string normal;
        try
        {
            normal = text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            normal = text; // lone surrogates (invalid UTF-8 replaced upstream, but be safe)
        }

        var builder = new StringBuilder(normal.Length);
        foreach (var original in normal)
        {
            // Full-width forms (／ｃ ｇａｍｅ) as ASCII: NFKC does this, but not under invariant globalization.
            var c = original is >= '\uFF01' and <= '\uFF5E' ? (char)(original - 0xFEE0) : original == '\u3000' ? ' ' : original;
            if (c is '\u00AD' or '\u180E' or '\uFEFF' || c is >= '\u200B' and <= '\u200F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2060' and <= '\u2069')
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static ContentFinding? CodeInjection(string text)
    {
        if (LuaCommandAtStart().Match(text) is { Success: true } start && LuaShape().IsMatch(text, start.Index + start.Length))
        {
            return new(SecurityRuleNames.CodeInjection, start.Value.Trim() + " " + Rest(text, start.Index + start.Length), "a Lua console command as chat text");
        }

        if (EmbeddedLuaCommand().Match(text) is { Success: true } embedded)
        {
            return new(SecurityRuleNames.CodeInjection, embedded.Value, "a Lua console command after a line break");
        }

        foreach (Match breakout in StringBreakout().Matches(text))
        {
            if (ClosesNothing(text, breakout.Index))
            {
                return new(SecurityRuleNames.CodeInjection, breakout.Value, "a Lua string breakout followed by code");
            }
        }

        if (CommentBreakout().IsMatch(text) && LuaCall().Match(text) is { Success: true } call)
        {
            return new(SecurityRuleNames.CodeInjection, call.Value, "a Lua block comment with code");
        }

        if (SandboxPrimitive().Match(text) is { Success: true } primitive)
        {
            return new(SecurityRuleNames.CodeInjection, primitive.Value, "a Lua primitive that escapes or inspects the sandbox");
        }

        return null;
    }

    private static ContentFinding? CommandInjection(string text)
    {
        if (AdminCommandAtStart().Match(text) is { Success: true } start)
        {
            return new(SecurityRuleNames.CommandInjection, start.Value.Trim() + Rest(text, start.Index + start.Length), "a server command as chat text");
        }

        if (EmbeddedCommand().Match(text) is { Success: true } embedded)
        {
            return new(SecurityRuleNames.CommandInjection, embedded.Value, "a server command after a line break");
        }

        if (ShellInjection().Match(text) is { Success: true } shell)
        {
            return new(SecurityRuleNames.CommandInjection, shell.Value, "a shell command after a separator");
        }

        return null;
    }

    private static ContentFinding? PathTraversal(string text)
    {
        if (Traversal().Match(text) is { Success: true } traversal)
        {
            return new(SecurityRuleNames.PathTraversal, traversal.Value, "a path traversal sequence");
        }

        if (SensitivePath().Match(text) is { Success: true } sensitive)
        {
            return new(SecurityRuleNames.PathTraversal, sensitive.Value, "a sensitive system path");
        }

        return null;
    }

    /// <summary>
    /// True when the string terminator at <paramref name="at"/> closes a string the text never opened: the mark of a
    /// breakout. <c>game.print("a"); game.print("b")</c> is code someone shows (its quote at the match is the second);
    /// <c>hi"); game.print("x")</c> escapes a template. Apostrophes inside words (it's, don't) are not quotes.
    /// </summary>
    private static bool ClosesNothing(string text, int at)
    {
        var mark = text[at];
        if (mark == ']')
        {
            return !OpenLongString().IsMatch(text[..at]);
        }

        var count = 0;
        for (var i = 0; i < at; i++)
        {
            if (text[i] == mark && !(mark == '\'' && i > 0 && i + 1 < text.Length && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1])))
            {
                count++;
            }
        }

        return count % 2 == 0;
    }

    private static string Rest(string text, int from)
    {
        var rest = text[from..].Trim();
        return rest.Length <= 60 ? rest : string.Concat(rest.AsSpan(0, 60), "…");
    }

    public static string Describe(TimeSpan window) => window.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";

    // /c, /command, /sc, /silent-command, /measured-command at the start of a chat message (in game these run as
    // commands and never appear as chat: as chat text they come from a bridge, or are meant for one).
    [GeneratedRegex(@"^[\s""'`>*_~|]*/(?:c|command|sc|silent-command|measured-command)(?=\s)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex LuaCommandAtStart();

    // After such a prefix, something that is Lua rather than English: an API global with a member, an assignment, a call.
    [GeneratedRegex(@"\b(?:" + LuaGlobals + @")\s*[.\[:]|[\w\]]\s*=[^=]|\w\s*\(|\bfor\s+\w+\s*[,=]|\blocal\s+\w|\bfunction\s*\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex LuaShape();

    // A line break (real, or written as \n / \r for a bridge that unescapes) followed by a Lua console command.
    [GeneratedRegex(@"(?:\\[nr]|[\r\n\u0085\u2028\u2029])\s*/(?:c|command|sc|silent-command|measured-command)\b.{0,60}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex EmbeddedLuaCommand();

    // A Lua call or member access of an API global.
    [GeneratedRegex(@"\b(?:" + LuaGlobals + @")(?:\s*(?:\.\s*\w+|\[[^\]]{0,40}\]|:\s*\w+))+\s*(?:\(|=[^=]|\{|""|')|\b(?:load|loadstring|pcall|xpcall|require|setmetatable|getmetatable|rawset|rawget|dofile|loadfile|print|error|assert)\s*\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex LuaCall();

    // Closing a Lua string ("..." '...' or [[...]] / [==[...]==]) and going on with code: "); game.print(", '..game.players[1]..',
    // "]] rcon.print(". A quote alone is English; a quote then ")" ";" ".." and then an API call is not.
    [GeneratedRegex(
        @"(?:\]=*\]\s*(?:[);,]\s*|\.\.\s*)*|[""']\s*(?:\)\s*)*(?:;|\.\.|\)|,)\s*(?:\)\s*)*(?:--\s*)?)" +
        @"(?:(?:" + LuaGlobals + @")(?:\s*(?:\.\s*\w+|\[[^\]]{0,40}\]|:\s*\w+))+\s*(?:\(|=[^=]|\{|""|'|\.\.)|(?:load|loadstring|pcall|xpcall|require|setmetatable|getmetatable|rawset|rawget|dofile|loadfile|error)\s*\()",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex StringBreakout();

    [GeneratedRegex(@"\[=*\[", RegexOptions.CultureInvariant, 200)]
    private static partial Regex OpenLongString();

    // A Lua block comment opener, used to swallow the rest of a template.
    [GeneratedRegex(@"--\[=*\[|\]=*\]\s*--", RegexOptions.CultureInvariant, 200)]
    private static partial Regex CommentBreakout();

    // Primitives with no use in talking about the game: loading code, metatables, the global table, the OS.
    [GeneratedRegex(
        @"\b(?:loadstring|dofile|loadfile)\s*\(|\bx?pcall\s*\(\s*(?:load|loadstring|dofile|loadfile|require)\b|\bload\s*\(\s*(?:""|'|\[=*\[)|\bstring\s*\.\s*dump\s*\(|\b(?:set|get)metatable\s*\(|\braw(?:set|get|equal)\s*\(" +
        @"|\bdebug\s*\.\s*(?:getinfo|sethook|gethook|getlocal|setlocal|getupvalue|setupvalue|upvaluejoin|getregistry|getmetatable|setmetatable|traceback)\s*\(" +
        @"|\b__(?:index|newindex|gc|call|metatable|mode|close|tostring|concat)\s*=|\b_G\s*\[|\b_ENV\s*[.\[=]" +
        @"|\bos\s*\.\s*(?:execute|exit|remove|rename|getenv|tmpname)\s*\(|\bio\s*\.\s*(?:open|popen|write|read|lines|output|input)\s*\(" +
        @"|\brequire\s*\(\s*[""']|\b(?:game|helpers)\s*\.\s*(?:write_file|remove_path)\s*\(|\bpackage\s*\.\s*(?:loadlib|cpath|path)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex SandboxPrimitive();

    // Admin-level server commands at the start of a chat message (see LuaCommandAtStart for why that is not chat).
    [GeneratedRegex(@"^[\s""'`>*_~|]*/(?:ban|unban|kick|promote|demote|mute|unmute|purge|whitelist|quit|server-save|permissions|swap-players|open|editor|cheat|config|delete-blueprint-library|reset-tips|admins|banlist)(?=\s|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex AdminCommandAtStart();

    // A line break (real, or written as \n / \r) followed by any slash command.
    [GeneratedRegex(@"(?:\\[nr]|[\r\n\u0085\u2028\u2029])\s*/[a-z][\w-]*.{0,60}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex EmbeddedCommand();

    // Shell: a separator, then a command that fetches, deletes or spawns; $(...) or backticks around such a command;
    // a pipe into a shell at the end. "rock && roll", "`code`" and "a | b" are not it.
    [GeneratedRegex(
        @"(?:;|&&|\|\||\|)\s*(?:sudo\s+)?(?:rm\s+-[a-z]*[rf]|curl\s+\S|wget\s+\S|nc\s+-[a-z]*[ec]|ncat\s|bash\s+-[ci]|sh\s+-c|chmod\s+[+0-7]|chown\s|python[23]?\s+-c|perl\s+-e|mkfifo\s|cat\s+/etc/)" +
        @"|\$\(\s*(?:curl|wget|rm|cat|id|whoami|nc|bash|sh|uname|echo|ls)\b[^)]{0,80}\)" +
        @"|`\s*(?:curl\s|wget\s|whoami|id\s*`|uname|nc\s+-|cat\s+/etc/|rm\s+-[a-z]*[rf]\s+/)[^`]{0,80}`?" +
        @"|\|\s*(?:ba|z|da)?sh\s*(?:$|;|-[a-z]\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex ShellInjection();

    // Two or more ../ (or ..\) in a row, or an encoded dot-dot-slash. One "../mods" is someone giving directions.
    [GeneratedRegex(
        @"(?:\.\.[/\\]+){2,}[^\s]{0,40}|(?:%2e|%252e|%c0%ae|%u002e){2}(?:%2f|%5c|%252f|%255c|%c0%af|/|\\)[^\s]{0,40}|\.\.(?:%2f|%5c|%252f|%255c|%c0%af)[^\s]{0,40}",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex Traversal();

    [GeneratedRegex(
        @"/etc/(?:passwd|shadow|sudoers|group)\b|/proc/(?:self|\d+)/(?:environ|cmdline|mem|maps|fd)\b|\b[a-z]:\\windows\\(?:system32|win\.ini)|~/\.ssh/|/root/\.ssh|\bfile:///(?:etc|proc|root)/",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex SensitivePath();
}

using System.Buffers.Binary;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FactorioIsr.Tests.Integrations;

/// <summary>The companion mod (integrations/factorio-mod) checked by programs we did not write: luac5.2 and lua5.2.</summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed partial class FactorioModTests
{
    private static string Mod(string relative) => Path.Combine(LuaProcess.ModDirectory, relative);

    public static TheoryData<string> LuaFiles() =>
        [.. Directory.EnumerateFiles(LuaProcess.ModDirectory, "*.lua", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(LuaProcess.ModDirectory, p))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(LuaFiles))]
    public async Task Luac_ParsesEveryLuaFile(string file)
    {
        var (code, _, err) = await LuaProcess.RunAsync("luac5.2", "-p", file);
        Assert.True(code == 0, $"luac5.2 -p {file}: {err}");
    }

    [Fact]
    public void LuaFiles_IncludeTheModAndItsTests() =>
        Assert.Subset(LuaFiles().Select(r => (string)r.Data).ToHashSet(), new HashSet<string> { "control.lua", "settings.lua", Path.Combine("tests", "run.lua"), Path.Combine("tests", "factorio_stub.lua") });

    [Fact]
    public async Task HandlerUnitTests_PassOnTheStub_ForBoth11And20()
    {
        var (code, output, err) = await LuaProcess.RunAsync("lua5.2", "tests/run.lua", ".");

        Assert.True(code == 0, output + err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^\d+ passed, 0 failed$", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("ok   [1.1] the file rolls over", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ok   [2.0] the file rolls over", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ok   [2.0] platform_arrived", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ok   [1.1] names are JSON-escaped", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandlerUnitTests_FailWhenTheModWritesRawNames()
    {
        // The unit tests must be able to fail: a control.lua that concatenates names raw is caught.
        var dir = Path.Combine(Path.GetTempPath(), "isr-mod-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(dir, "tests"));
        try
        {
            var control = await File.ReadAllTextAsync(Mod("control.lua"), TestContext.Current.CancellationToken);
            var broken = control.Replace("local function json_string(s)\n", "local function json_string(s)\n  do return '\"' .. s .. '\"' end\n", StringComparison.Ordinal);
            Assert.NotEqual(control, broken);
            await File.WriteAllTextAsync(Path.Combine(dir, "control.lua"), broken, TestContext.Current.CancellationToken);
            foreach (var file in new[] { "run.lua", "factorio_stub.lua", "json.lua" })
            {
                File.Copy(Mod(Path.Combine("tests", file)), Path.Combine(dir, "tests", file));
            }

            var (code, output, _) = await LuaProcess.RunAsync("lua5.2", Path.Combine(dir, "tests", "run.lua"), dir);

            Assert.Equal(1, code);
            Assert.Contains("FAIL [2.0] names are JSON-escaped", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task InfoJson_NamesTheModAndAVersionFactorioAccepts()
    {
        using var info = JsonDocument.Parse(await File.ReadAllTextAsync(Mod("info.json"), TestContext.Current.CancellationToken));
        var root = info.RootElement;
        Assert.Equal("factorio-isr", root.GetProperty("name").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+$", root.GetProperty("version").GetString()!);
        Assert.Contains(root.GetProperty("factorio_version").GetString(), new[] { "1.1", "2.0" });
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("author").GetString()));
        Assert.Contains(root.GetProperty("dependencies").EnumerateArray(), d => d.GetString()!.StartsWith("base >= 1.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changelog_FollowsFactoriosStrictFormat()
    {
        var text = await File.ReadAllTextAsync(Mod("changelog.txt"), TestContext.Current.CancellationToken);
        var version = JsonDocument.Parse(await File.ReadAllTextAsync(Mod("info.json"), TestContext.Current.CancellationToken)).RootElement.GetProperty("version").GetString();
        var problems = ChangelogProblems(text);
        Assert.Empty(problems);
        Assert.Contains($"\nVersion: {version}\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Version: 1.0.0\n  Features:\n    - x\n", "line 1: a section starts with a line of 99 dashes")]
    [InlineData("---------------------------------------------------------------------------------------------------\nVersion: 1.0.0\n  Features:\n   - x\n", "line 4:")]
    [InlineData("---------------------------------------------------------------------------------------------------\nVersion: 1.0.0\n\tFeatures:\n    - x\n", "line 3:")]
    [InlineData("---------------------------------------------------------------------------------------------------\nVersion: 1.0.0\n  Features:\n    - x \n", "line 4: trailing whitespace")]
    public void ChangelogChecker_FindsFormatErrors(string text, string expected) =>
        Assert.Contains(ChangelogProblems(text), p => p.StartsWith(expected, StringComparison.Ordinal));

    [Fact]
    public async Task Thumbnail_IsA144PixelSquarePng()
    {
        var png = await File.ReadAllBytesAsync(Mod("thumbnail.png"), TestContext.Current.CancellationToken);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(144, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(144, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public async Task Settings_HaveLocaleNames()
    {
        var settings = await File.ReadAllTextAsync(Mod("settings.lua"), TestContext.Current.CancellationToken);
        var locale = await File.ReadAllTextAsync(Mod(Path.Combine("locale", "en", "locale.cfg")), TestContext.Current.CancellationToken);
        var names = SettingName().Matches(settings).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["isr-max-file-bytes", "isr-max-file-events", "isr-keep-files"], names);
        Assert.All(names, n => Assert.Contains("\n" + n + "=", locale, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Control_HasNoPerTickWork()
    {
        var control = await File.ReadAllTextAsync(Mod("control.lua"), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("on_nth_tick", control, StringComparison.Ordinal);
        Assert.DoesNotContain("on_tick", control, StringComparison.Ordinal);
    }

    /// <summary>
    /// Factorio's changelog rules: sections start with exactly 99 dashes, then "Version: X.Y.Z", an optional
    /// "Date: ...", categories indented 2 spaces ending in ':', entries 4 spaces + "- ", continuations 6 spaces;
    /// no tabs, no trailing whitespace.
    /// </summary>
    internal static List<string> ChangelogProblems(string text)
    {
        var problems = new List<string>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines[^1].Length == 0)
        {
            lines = lines[..^1];
        }

        string? previous = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var at = $"line {i + 1}: ";
            if (line.Contains('\t', StringComparison.Ordinal))
            {
                problems.Add(at + "a tab");
            }
            else if (line.Length > 0 && char.IsWhiteSpace(line[^1]))
            {
                problems.Add(at + "trailing whitespace");
            }

            var kind = line switch
            {
                _ when line == new string('-', 99) => "separator",
                _ when line.StartsWith("Version: ", StringComparison.Ordinal) => "version",
                _ when line.StartsWith("Date: ", StringComparison.Ordinal) => "date",
                _ when CategoryLine().IsMatch(line) => "category",
                _ when line.StartsWith("    - ", StringComparison.Ordinal) && line.Length > 6 => "entry",
                _ when line.StartsWith("      ", StringComparison.Ordinal) && !char.IsWhiteSpace(line[6]) => "continuation",
                _ when line.Length == 0 => "blank",
                _ => "bad",
            };
            var allowed = previous switch
            {
                null => kind == "separator",
                "separator" => kind == "version",
                "version" => kind is "date" or "category",
                "date" => kind == "category",
                "category" => kind == "entry",
                "entry" or "continuation" => kind is "entry" or "continuation" or "category" or "separator",
                _ => false,
            };
            if (!allowed)
            {
                problems.Add(at + (previous is null ? "a section starts with a line of 99 dashes" : $"{kind} line after a {previous} line: '{line}'"));
                return problems;
            }

            if (kind == "version" && !VersionLine().IsMatch(line))
            {
                problems.Add(at + "Version: needs X.Y.Z");
            }

            previous = kind;
        }

        if (previous is not ("entry" or "continuation"))
        {
            problems.Add("the last section has no entries");
        }

        return problems;
    }

    [GeneratedRegex(@"^  [A-Z][A-Za-z -]*:$")]
    private static partial Regex CategoryLine();

    [GeneratedRegex(@"^Version: \d+\.\d+\.\d+$")]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"name = ""([a-z-]+)""")]
    private static partial Regex SettingName();
}

using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FactorioIsr.Configuration;

/// <summary>The Python type PyYAML's <c>safe_load</c> gives a node (YAML 1.1 resolution of plain scalars).</summary>
internal enum PyYamlKind
{
    Str,
    Int,
    Float,
    Bool,
    Null,
    Timestamp,
    Mapping,
    Sequence,
}

/// <summary>
/// Types a node as the reference's loader saw it, so values it would not use as written (<c>priority: "5"</c> is
/// a str, <c>enabled: 1</c> an int, <c>123:</c> an int key) are recognised as such. The regexes are PyYAML's
/// resolver's (resolver.py); a quoted or block scalar is always a str, an explicit tag decides over the text.
/// </summary>
internal static partial class PyYamlType
{
    [GeneratedRegex("^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$", RegexOptions.CultureInvariant)]
    private static partial Regex BoolText();

    [GeneratedRegex("^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntText();

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatText();

    [GeneratedRegex("^(?:~|null|Null|NULL|)$", RegexOptions.CultureInvariant)]
    private static partial Regex NullText();

    [GeneratedRegex(@"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampText();

    public static PyYamlKind Of(YamlNode node) => node switch
    {
        YamlMappingNode => PyYamlKind.Mapping,
        YamlSequenceNode => PyYamlKind.Sequence,
        YamlScalarNode scalar => OfScalar(scalar),
        _ => PyYamlKind.Str,
    };

    /// <summary>The value of a node PyYAML reads as an int (underscores dropped, 0x/0o/0b and sexagesimal), or null.</summary>
    public static long? IntValue(YamlNode node)
    {
        if (node is not YamlScalarNode { Value: { } raw } || Of(node) != PyYamlKind.Int)
        {
            return null;
        }

        var text = raw.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = text.StartsWith('-');
        text = text.TrimStart('-', '+');
        long value;
        try
        {
            value = text switch
            {
                _ when text.StartsWith("0b", StringComparison.Ordinal) => Convert.ToInt64(text[2..], 2),
                _ when text.StartsWith("0x", StringComparison.Ordinal) => Convert.ToInt64(text[2..], 16),
                _ when text.Contains(':', StringComparison.Ordinal) => text.Split(':').Aggregate(0L, (sum, part) => checked((sum * 60) + long.Parse(part, CultureInfo.InvariantCulture))),
                _ when text.Length > 1 && text[0] == '0' => Convert.ToInt64(text[1..], 8),
                _ => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture),
            };
        }
        catch (Exception ex) when (ex is OverflowException or FormatException)
        {
            return null;
        }

        return negative ? -value : value;
    }

    /// <summary>The value of a node PyYAML reads as a bool, or null.</summary>
    public static bool? BoolValue(YamlNode node) =>
        node is YamlScalarNode { Value: { } text } && Of(node) == PyYamlKind.Bool
            ? text.ToLowerInvariant() is "yes" or "true" or "on"
            : null;

    private static PyYamlKind OfScalar(YamlScalarNode scalar)
    {
        if (!scalar.Tag.IsEmpty)
        {
            return scalar.Tag.Value switch
            {
                "tag:yaml.org,2002:int" => PyYamlKind.Int,
                "tag:yaml.org,2002:float" => PyYamlKind.Float,
                "tag:yaml.org,2002:bool" => PyYamlKind.Bool,
                "tag:yaml.org,2002:null" => PyYamlKind.Null,
                "tag:yaml.org,2002:timestamp" => PyYamlKind.Timestamp,
                _ => PyYamlKind.Str,
            };
        }

        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return PyYamlKind.Str;
        }

        var text = scalar.Value ?? string.Empty;
        if (text.Length == 0)
        {
            return PyYamlKind.Null;
        }

        // Most scalars are words or plain decimals: decide those without the resolver's regexes.
        var first = text[0];
        if (!char.IsAsciiDigit(first) && first is not ('+' or '-' or '.' or '~' or '<' or '='))
        {
            return text switch
            {
                "yes" or "Yes" or "YES" or "no" or "No" or "NO" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
                    or "on" or "On" or "ON" or "off" or "Off" or "OFF" => PyYamlKind.Bool,
                "null" or "Null" or "NULL" => PyYamlKind.Null,
                _ => PyYamlKind.Str,
            };
        }

        if (first != '0' && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return PyYamlKind.Int;
        }

        return text switch
        {
            _ when NullText().IsMatch(text) => PyYamlKind.Null,
            _ when BoolText().IsMatch(text) => PyYamlKind.Bool,
            _ when IntText().IsMatch(text) => PyYamlKind.Int,
            _ when FloatText().IsMatch(text) => PyYamlKind.Float,
            _ when TimestampText().IsMatch(text) => PyYamlKind.Timestamp,
            _ => PyYamlKind.Str,
        };
    }
}

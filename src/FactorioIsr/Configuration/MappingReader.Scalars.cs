using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace FactorioIsr.Configuration;

/// <summary>Typed scalar readers: integers, numbers, booleans and Discord ids.</summary>
internal sealed partial class MappingReader
{
    public int? Int(string key, int min, int max)
    {
        if (IntWithNode(key) is not (var value, var node))
        {
            return null;
        }

        if (value < min || value > max)
        {
            Source.Error(node, $"{key}: {value} is out of range {min}..{max}");
            return null;
        }

        return value;
    }

    /// <summary>An integer with its value node, in any range; null when absent or not an integer (reported).</summary>
    public (int Value, YamlNode Node)? IntWithNode(string key)
    {
        var node = ValueNode(key);
        if (node is null)
        {
            return null;
        }

        var text = ScalarText(node, key, "an integer");
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Source.Error(node, $"{key}: expected an integer, found '{Echo(node, text)}'");
            return null;
        }

        return (value, node);
    }

    /// <summary>A finite number with its value node, in any range; null when absent or not a number (reported).</summary>
    public (double Value, YamlNode Node)? DoubleWithNode(string key)
    {
        var node = ValueNode(key);
        if (node is null)
        {
            return null;
        }

        var text = ScalarText(node, key, "a number");
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Source.Error(node, $"{key}: expected a number, found '{Echo(node, text)}'");
            return null;
        }

        return (value, node);
    }

    public double? Double(string key, double minExclusive, double max)
    {
        if (DoubleWithNode(key) is not (var value, var node))
        {
            return null;
        }

        if (value <= minExclusive || value > max)
        {
            Source.Error(node, $"{key}: {value.ToString(CultureInfo.InvariantCulture)} is out of range (must be > {minExclusive.ToString(CultureInfo.InvariantCulture)} and <= {max.ToString(CultureInfo.InvariantCulture)})");
            return null;
        }

        return value;
    }

    public bool? Bool(string key)
    {
        var node = ValueNode(key);
        if (node is null)
        {
            return null;
        }

        var text = ScalarText(node, key, "true or false");
        if (text is null)
        {
            return null;
        }

        var parsed = ParseBool(text);
        if (parsed is null)
        {
            Source.Error(node, $"{key}: expected true or false, found '{Echo(node, text)}'");
        }

        return parsed;
    }

    public static bool? ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" => true,
        "false" or "no" or "off" or "0" => false,
        _ => null,
    };

    /// <summary>A Discord id: a positive integer (quoted or not). Zero means "not set" as in the reference's example.</summary>
    public ulong? Snowflake(string key)
    {
        var node = ValueNode(key);
        return node is null ? null : ReadSnowflake(node, key);
    }

    public ulong? ReadSnowflake(YamlNode node, string key)
    {
        var text = ScalarText(node, key, "a Discord id");
        if (text is null)
        {
            return null;
        }

        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            Source.Error(node, $"{key}: expected a Discord id (a positive integer), found '{Echo(node, text)}'");
            return null;
        }

        if (value == 0)
        {
            Source.Warning(node, $"{key}: 0 means not set; remove the key or give a channel id");
            return null;
        }

        return value;
    }

    public IReadOnlyList<ulong> SnowflakeList(string key)
    {
        var node = ValueNode(key);
        if (node is null)
        {
            return [];
        }

        if (node is YamlSequenceNode sequence)
        {
            return [.. sequence.Children.Select(item => ReadSnowflake(item, key)).OfType<ulong>()];
        }

        Source.Error(node, $"{key}: expected a list of Discord ids, found {Describe(node)}");
        return [];
    }
}

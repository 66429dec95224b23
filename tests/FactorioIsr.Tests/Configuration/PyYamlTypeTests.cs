using FactorioIsr.Configuration;
using YamlDotNet.RepresentationModel;

namespace FactorioIsr.Tests.Configuration;

/// <summary>Scalars are typed as PyYAML's safe_load (the reference's loader) types them: its resolver's YAML 1.1 rules.</summary>
public sealed class PyYamlTypeTests
{
    private static YamlNode Value(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader("v: " + yaml + "\n"));
        return ((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("v")];
    }

    [Theory]
    [InlineData("text", "Str")]
    [InlineData("'123'", "Str")]
    [InlineData("\"true\"", "Str")]
    [InlineData("!!str 5", "Str")]
    [InlineData("|\n  5", "Str")]
    [InlineData("123", "Int")]
    [InlineData("-7", "Int")]
    [InlineData("0x1F", "Int")]
    [InlineData("017", "Int")]
    [InlineData("0b101", "Int")]
    [InlineData("1_000", "Int")]
    [InlineData("1:30", "Int")]
    [InlineData("!!int '5'", "Int")]
    [InlineData("2.5", "Float")]
    [InlineData("1e3", "Str")] // PyYAML's float needs a dot (and a signed exponent)
    [InlineData("1.0e+3", "Float")]
    [InlineData(".inf", "Float")]
    [InlineData("yes", "Bool")]
    [InlineData("Off", "Bool")]
    [InlineData("y", "Str")] // PyYAML's resolver does not take y/n
    [InlineData("~", "Null")]
    [InlineData("", "Null")]
    [InlineData("NULL", "Null")]
    [InlineData("2025-11-18", "Timestamp")]
    [InlineData("{a: 1}", "Mapping")]
    [InlineData("[1]", "Sequence")]
    public void Of_TypesAsPyYaml(string yaml, string expected) => Assert.Equal(expected, PyYamlType.Of(Value(yaml)).ToString());

    [Theory]
    [InlineData("123", 123L)]
    [InlineData("-7", -7L)]
    [InlineData("+4", 4L)]
    [InlineData("0x1F", 31L)]
    [InlineData("017", 15L)]
    [InlineData("0b101", 5L)]
    [InlineData("1_000", 1000L)]
    [InlineData("1:30", 90L)]
    [InlineData("0", 0L)]
    [InlineData("'5'", null)]
    [InlineData("2.5", null)]
    [InlineData("99999999999999999999", null)]
    public void IntValue_ReadsWhatPyYamlReadsAsAnInt(string yaml, long? expected) => Assert.Equal(expected, PyYamlType.IntValue(Value(yaml)));

    [Theory]
    [InlineData("true", true)]
    [InlineData("On", true)]
    [InlineData("NO", false)]
    [InlineData("1", null)]
    [InlineData("'false'", null)]
    public void BoolValue_ReadsWhatPyYamlReadsAsABool(string yaml, bool? expected) => Assert.Equal(expected, PyYamlType.BoolValue(Value(yaml)));
}

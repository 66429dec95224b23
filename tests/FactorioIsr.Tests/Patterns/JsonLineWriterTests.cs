using System.Text;
using System.Text.Json;
using FactorioIsr.Events;
using FactorioIsr.Patterns;

namespace FactorioIsr.Tests.Patterns;

/// <summary><c>isr parse</c>'s own JSON writer escapes exactly as System.Text.Json with <see cref="MinimalJsonEncoder"/> did.</summary>
public sealed class JsonLineWriterTests
{
    public static TheoryData<string> Strings() =>
    [
        "",
        "plain ascii text that is longer than one vector of chars",
        "quote \" backslash \\ slash / tab \t newline \n cr \r bs \b ff \f",
        "\0 \u0001 \u001F \u007F del",
        "emoji 😀👍🏽 and ÄÖÜ é ß 李小龙 Алиса",
        "bom \uFEFF line sep \u2028 para \u2029 nbsp \u00A0",
        "lone high \uD83D end",
        "lone low \uDE00 end",
        "\uD83D",
        "pair at end 😀",
        "\uDE00\uD83D reversed pair",
        new string('x', 15) + "\"" + new string('y', 17) + "é" + new string('z', 33),
        string.Concat(Enumerable.Range(0, 128).Select(i => (char)i)),
    ];

    private static byte[] Reference(string value)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = MinimalJsonEncoder.Instance, SkipValidation = true }))
        {
            json.WriteStringValue(value);
        }

        return buffer.ToArray();
    }

    private static byte[] Written(Action<JsonLineWriter> write)
    {
        using var output = new PooledBufferWriter(16);
        write(new JsonLineWriter(output));
        return output.WrittenMemory.ToArray();
    }

    [Theory]
    [MemberData(nameof(Strings))]
    public void String_EscapesLikeTheMinimalEncoder(string value) =>
        Assert.Equal(Encoding.UTF8.GetString(Reference(value)), Encoding.UTF8.GetString(Written(w => w.String(value))));

    [Theory]
    [MemberData(nameof(Strings))]
    public void Utf8String_OfValidUtf8_EqualsStringOfItsText(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return; // Lone surrogates were replaced: the caller decodes such lines instead.
        }

        Assert.Equal(Written(w => w.String(value)), Written(w => w.Utf8String(utf8)));
    }

    [Fact]
    public void String_RandomEscapeDenseText_EscapesLikeTheMinimalEncoder()
    {
        // Escapes, non-ASCII and surrogates at every offset of a vector: the vector loops keep the run before them.
        const string Alphabet = "ab \"\\\n\u0001\u007Fé李\uD83D\uDE00~";
        var random = new Random(2);
        for (var round = 0; round < 3000; round++)
        {
            var chars = new char[random.Next(0, 90)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = random.Next(4) == 0 ? Alphabet[random.Next(Alphabet.Length)] : (char)('a' + random.Next(26));
            }

            var value = new string(chars);
            Assert.Equal(Reference(value), Written(w => w.String(value)));
            var utf8 = Encoding.UTF8.GetBytes(value);
            if (System.Text.Unicode.Utf8.IsValid(utf8))
            {
                Assert.Equal(Reference(value), Written(w => w.Utf8String(utf8)));
            }
        }
    }

    [Fact]
    public void NumbersNullAndPrefixes_AreJson()
    {
        var written = Encoding.UTF8.GetString(Written(w =>
        {
            w.Raw("{"u8);
            w.Raw(JsonLineWriter.PropertyPrefix("n", comma: false));
            w.Number(-1234567890123);
            w.Raw(JsonLineWriter.PropertyPrefix("näme\""));
            w.Null();
            w.Raw("}"u8);
        }));

        Assert.Equal("{\"n\":-1234567890123,\"näme\\\"\":null}", written);
        using var parsed = JsonDocument.Parse(written);
        Assert.Equal(JsonValueKind.Null, parsed.RootElement.GetProperty("näme\"").ValueKind);
    }
}

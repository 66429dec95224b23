using FactorioIsr.Events;

namespace FactorioIsr.Tests.Events;

public sealed class EventFieldsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public void Create_BehavesAsAReadOnlyDictionaryInPatternOrder(int count)
    {
        var pairs = Enumerable.Range(0, count).Select(i => new KeyValuePair<string, string>($"k{count - i}", $"v{i}")).ToArray();
        var fields = EventFields.Create(pairs);

        Assert.Equal(count, fields.Count);
        Assert.Equal(pairs, fields.ToArray());
        Assert.Equal(pairs.Select(p => p.Key), fields.Keys);
        Assert.Equal(pairs.Select(p => p.Value), fields.Values);
        foreach (var (key, value) in pairs)
        {
            Assert.Equal(value, fields[key]);
            Assert.True(fields.ContainsKey(key));
        }

        Assert.False(fields.TryGetValue("K1", out _)); // ordinal
        Assert.Throws<KeyNotFoundException>(() => fields["absent"]);
        Assert.Equal(pairs.ToDictionary(), new Dictionary<string, string>(fields));
    }

    [Fact]
    public void Create_Empty_IsTheSharedEmptyInstance() => Assert.Same(EventFields.Empty, EventFields.Create([]));

    [Fact]
    public void Serialized_IsAJsonObject()
    {
        IReadOnlyDictionary<string, string> fields = EventFields.Create([new("player", "Zoë"), new("message", "hi \"there\"")]);
        Assert.Equal("{\"player\":\"Zo\\u00EB\",\"message\":\"hi \\u0022there\\u0022\"}", System.Text.Json.JsonSerializer.Serialize(fields));
    }

    [Fact]
    public void StringCache_ReturnsOneInstancePerValue_AndTheRightText()
    {
        var cache = new StringCache(16);
        var first = cache.Get("Alice".AsSpan());
        Assert.Same(first, cache.Get("Alice".ToCharArray()));
        Assert.Equal("Alicf", cache.Get("Alicf".AsSpan()));
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal($"player{i}", cache.Get($"player{i}".AsSpan())); // collisions replace, never confuse
        }

        var long1 = new string('x', StringCache.MaxLength + 1);
        Assert.Equal(long1, cache.Get(long1));
        Assert.Equal(string.Empty, cache.Get([]));
    }
}

using System.Runtime.CompilerServices;

namespace FactorioIsr.Events;

/// <summary>
/// A growable buffer of UTF-16 text, reused across renders (one per thread): what <see cref="EventRenderer"/> and
/// <see cref="Security.GameTextEscaper"/> append to. Unlike a StringBuilder its content is one span, never chunks.
/// </summary>
internal sealed class CharBuffer(int capacity = 256)
{
    private char[] _chars = new char[Math.Max(16, capacity)];
    private int _length;

    public int Length
    {
        get => _length;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, _length);
            _length = value;
        }
    }

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, _length);

    public void Clear() => _length = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CharBuffer Append(char c)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }

        _chars[_length++] = c;
        return this;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CharBuffer Append(ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars.AsSpan(_length));
        _length += text.Length;
        return this;
    }

    public override string ToString() => new(_chars, 0, _length);

    private void Grow(int more)
    {
        var larger = new char[Math.Max(_chars.Length * 2, _length + more)];
        _chars.AsSpan(0, _length).CopyTo(larger);
        _chars = larger;
    }
}

namespace FactorioIsr.Configuration;

/// <summary>
/// A secret configuration value (token, password, webhook URL). Its <see cref="ToString"/> is redacted so it
/// never reaches output or logs by accident; code that needs it calls <see cref="Reveal"/>.
/// </summary>
internal sealed class Secret(string value) : IEquatable<Secret>
{
    public string Reveal() => value;

    public bool IsEmpty => value.Length == 0;

    public override string ToString() => "[redacted]";

    public bool Equals(Secret? other) => other is not null && string.Equals(value, other.Reveal(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Secret);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(value);
}

using System.Diagnostics.CodeAnalysis;

namespace FactorioIsr.Rcon.Factorio;

/// <summary>
/// Validates Factorio player names before they enter a command. Names seen in the wild use letters, digits,
/// <c>.</c>, <c>-</c> and <c>_</c> and never a space (factorio.md §1); anything else is refused so that a name can
/// never split a built-in command's arguments or smuggle a second command.
/// </summary>
public static class PlayerName
{
    /// <summary>Longest accepted name.</summary>
    public const int MaxLength = 60;

    /// <summary>True when <paramref name="name"/> is a plausible Factorio player name.</summary>
    public static bool IsValid([NotNullWhen(true)] string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns <paramref name="name"/> or throws <see cref="ArgumentException"/> with a user-facing reason.</summary>
    public static string Validate(string? name, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(name))] string? parameter = null)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid Factorio player name (1-{MaxLength} characters: letters, digits, '.', '-', '_').",
                parameter);
        }

        return name;
    }
}

namespace FactorioIsr.Configuration;

/// <summary>How events show in Discord when a server or pattern overrides the default look of their type.</summary>
internal enum MessageLook
{
    /// <summary>One line of text (with its emoji), coalesced with its neighbours.</summary>
    Line,

    /// <summary>A rich embed.</summary>
    Embed,
}

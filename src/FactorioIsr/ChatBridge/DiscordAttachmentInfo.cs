namespace FactorioIsr.ChatBridge;

/// <summary>What the game is told about one attachment of a Discord message: its file name and content type.</summary>
internal sealed record DiscordAttachmentInfo(string FileName, string? ContentType);

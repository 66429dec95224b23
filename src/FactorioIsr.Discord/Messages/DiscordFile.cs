namespace FactorioIsr.Discord.Messages;

/// <summary>A file uploaded with a message (multipart <c>files[N]</c>); an embed shows it with <c>attachment://FileName</c>.</summary>
internal sealed record DiscordFile(string FileName, ReadOnlyMemory<byte> Content, string ContentType = "image/png")
{
    /// <summary>Discord's limit of files per message.</summary>
    public const int MaxPerMessage = 10;
}

/// <summary>A message created or edited with files, as the API returned it.</summary>
/// <param name="Message">Its id and channel.</param>
/// <param name="ImageUrl">The first embed's image as Discord serves it (the CDN address of an uploaded file); null when none.</param>
/// <param name="Attachments">The file names of its attachments.</param>
internal sealed record DiscordUploadResult(DiscordMessageRef Message, string? ImageUrl, IReadOnlyList<string> Attachments);

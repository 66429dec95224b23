using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using FactorioIsr.Discord.Messages;

namespace FactorioIsr.Monitoring;

/// <summary>
/// The status board on the console (<c>isr demo</c>): the message as it is posted, once, with every line of its embed,
/// then one line per edit in place (what changed at a glance: state, UPS, players), each saying whether the chart
/// attachment was rendered again (its size in bytes and pixels). Nothing leaves the process; message ids are local.
/// </summary>
internal sealed class ConsoleStatusBoardTarget(TextWriter output) : IStatusBoardTarget
{
    private long _lastId;

    public async Task<DiscordUploadResult> CreateAsync(string server, string channelId, DiscordMessage message, IReadOnlyList<DiscordFile> files, string nonce, CancellationToken cancellationToken)
    {
        var id = "console-" + Interlocked.Increment(ref _lastId).ToString(CultureInfo.InvariantCulture);
        var embed = message.Embeds is [var first, ..] ? first : null;
        var text = new StringBuilder()
            .Append('[').Append(server).Append("] 📌 status board posted to the status channel ").Append(channelId)
            .Append(" (one message, edited in place from now on)").Append(Chart(files, "attached")).Append(':');
        foreach (var part in Lines(embed))
        {
            text.Append("\n  ").Append(part.Replace("\n", "\n  ", StringComparison.Ordinal));
        }

        await WriteAsync(text.ToString(), cancellationToken).ConfigureAwait(false);
        return new DiscordUploadResult(new DiscordMessageRef(id, channelId), files.Count > 0 ? $"console://{id}/{files[0].FileName}" : null, [.. files.Select(f => f.FileName)]);
    }

    public async Task<DiscordUploadResult> EditAsync(string server, string channelId, string messageId, DiscordMessage message, IReadOnlyList<DiscordFile>? files, CancellationToken cancellationToken)
    {
        var embed = message.Embeds is [var first, ..] ? first : null;
        var glance = new List<string>();
        if (embed?.Description is { Length: > 0 } state)
        {
            glance.Add(state);
        }

        foreach (var field in embed?.Fields ?? [])
        {
            if (field.Name == "UPS" || field.Name.StartsWith("👥", StringComparison.Ordinal))
            {
                glance.Add(field.Name == "UPS" ? "UPS " + field.Value.Split('\n')[0] : field.Name);
            }
        }

        var chart = files is { Count: > 0 } ? Chart(files, "rendered and attached") : "; chart unchanged";
        await WriteAsync($"[{server}] ✏️ status board edited in place (message {messageId}): {string.Join(" · ", glance)}{chart}", cancellationToken).ConfigureAwait(false);
        return new DiscordUploadResult(new DiscordMessageRef(messageId, channelId), files is { Count: > 0 } ? $"console://{messageId}/{files[0].FileName}" : null, []);
    }

    /// <summary>"; chart ups.png attached (800×300 PNG, 23,456 bytes)" or nothing without files.</summary>
    internal static string Chart(IReadOnlyList<DiscordFile>? files, string what)
    {
        if (files is not [var file, ..])
        {
            return "";
        }

        var png = file.Content.Span;
        var size = png.Length > 24 && png[12..16].SequenceEqual("IHDR"u8)
            ? string.Create(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadInt32BigEndian(png[16..])}×{BinaryPrimitives.ReadInt32BigEndian(png[20..])} PNG, ")
            : "";
        return string.Create(CultureInfo.InvariantCulture, $"; chart {file.FileName} {what} ({size}{png.Length:N0} bytes)");
    }

    private static IEnumerable<string> Lines(DiscordEmbed? embed)
    {
        if (embed is null)
        {
            yield break;
        }

        foreach (var part in new[] { embed.Title, embed.Description }.Concat(embed.Fields.Select(f => $"{f.Name}: {f.Value}")).Append(embed.Footer))
        {
            if (!string.IsNullOrWhiteSpace(part))
            {
                yield return part;
            }
        }
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}

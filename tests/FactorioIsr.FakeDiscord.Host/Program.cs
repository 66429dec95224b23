using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using FactorioIsr.FakeDiscord;

// fake-discord [--port N] [--token T] [--files DIR]: the fake Discord on 0.0.0.0:N until SIGTERM or Ctrl+C. Each
// message it accepts is printed to stdout as {"channel_id":..,"webhook_id":..,"content":..,"embeds":..,"attachments":..,"edits":N},
// again after each edit, so a test reads them from `docker logs`. With --files, each attachment is also written to
// DIR/MESSAGEID-EDITS-FILENAME
// (a bind mount the test reads), and its entry in "attachments" names that file. The line "listening on PORT" says it is up.
var port = 8081;
var token = "fake-token";
string? files = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out var p) && p is > 0 and < 65536:
            port = p;
            i++;
            break;
        case "--token" when i + 1 < args.Length && args[i + 1].Length > 0:
            token = args[++i];
            break;
        case "--files" when i + 1 < args.Length && Directory.Exists(args[i + 1]):
            files = args[++i];
            break;
        default:
            await Console.Error.WriteLineAsync($"fake-discord: unknown or invalid argument '{args[i]}'; usage: fake-discord [--port N] [--token T] [--files DIR]");
            return 2;
    }
}

using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

await using var server = new FakeDiscordServer(new FakeDiscordOptions { Token = token, ListenAddress = IPAddress.Any, Port = port });
await server.StartAsync(stop.Token);
Console.WriteLine($"listening on {server.Port}");

// Each message is printed when it is created and again after each edit (a status board is posted, then edited in
// place: its chart may first come with an edit), with "edits" saying how many it has had.
var printedEdits = new List<int>();
using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
try
{
    while (await timer.WaitForNextTickAsync(stop.Token))
    {
        var messages = server.Messages;
        for (var index = 0; index < messages.Count; index++)
        {
            var m = messages[index];
            if (index < printedEdits.Count && printedEdits[index] == m.Edits)
            {
                continue;
            }

            if (index < printedEdits.Count)
            {
                printedEdits[index] = m.Edits;
            }
            else
            {
                printedEdits.Add(m.Edits);
            }

            var attachments = new List<Dictionary<string, object?>>();
            foreach (var attachment in m.Attachments ?? [])
            {
                string? file = null;
                if (files is not null)
                {
                    file = $"{m.Id}-{m.Edits}-{Path.GetFileName(attachment.FileName)}";
                    await File.WriteAllBytesAsync(Path.Combine(files, file), attachment.Content, stop.Token);
                }

                attachments.Add(new Dictionary<string, object?> { ["filename"] = attachment.FileName, ["size"] = attachment.Content.Length, ["file"] = file });
            }

            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["channel_id"] = m.ChannelId,
                ["webhook_id"] = m.WebhookId,
                ["content"] = m.Content,
                ["embeds"] = m.Embeds,
                ["attachments"] = attachments,
                ["edits"] = m.Edits,
            }));
        }

        await Console.Out.FlushAsync(stop.Token);
    }
}
catch (OperationCanceledException)
{
    // SIGTERM: stop cleanly.
}

return 0;

using System.Text.Json.Nodes;

namespace FactorioIsr.FakeDiscord;

/// <summary>
/// <c>PATCH /webhooks/{application_id}/{token}/messages/@original</c>, the edit of an interaction's reply, as JSON or as
/// multipart/form-data (<c>payload_json</c> and <c>files[N]</c>, as for channel messages): the body's
/// <c>attachments</c> must list each <c>files[N]</c> with id N (else 400 50035, recorded with the edit), the files are
/// kept with the recorded <see cref="Interactions.FakeInteractionEdit"/> for tests to read, and the answer is the message
/// with its attachments and an embed's <c>attachment://NAME</c> resolved to the upload's URL. The <c>payload_json</c> is
/// validated against the OpenAPI document like every JSON body (<see cref="ValidationFailures"/>).
/// </summary>
public sealed partial class FakeDiscordServer
{
    private FakeResult EditOriginal(FakeRouteMatch match, JsonNode? body, DateTimeOffset now, FakeUpload? upload)
    {
        var token = match.Get("webhook_token");
        List<FakeAttachment>? files = null;
        FakeDiscordValidation.FieldError? error = null;
        if (upload is not null)
        {
            // The deferred reply has no attachments of its own: every listed id must be an upload of this request.
            error = Attach(body, upload, [], out var attached);
            files = attached;
        }

        var answer = Interactions.Edit(token, "PATCH", body, now, files, invalid: error is not null);
        if (answer.Status == 400 && error is not null)
        {
            return Invalid([error]);
        }

        if (answer.Status != 200 || files is null)
        {
            return InteractionAnswer(answer, MessageJson(NextId(), "interaction", body, match.Get("webhook_id"), now));
        }

        var message = ToMessage(NextId(), "interaction", match.Get("webhook_id"), body, now) with { Attachments = files.Count > 0 ? files : null };
        return new FakeResult(200, MessageJson(message));
    }
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactorioIsr.FakeDiscord.OpenApi;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace FactorioIsr.FakeDiscord.Interactions;

/// <summary>How <see cref="FakeHttpInteractions"/> signs a request.</summary>
public enum FakeSigning
{
    /// <summary>As Discord signs: Ed25519 of the timestamp followed by the body, with the application's key.</summary>
    Valid,

    /// <summary>A valid signature with one bit flipped (what Discord's endpoint check sends, expecting 401).</summary>
    Tampered,

    /// <summary>A valid signature by another key pair.</summary>
    WrongKey,

    /// <summary>Signed, then the body changed by one character.</summary>
    BodyChanged,

    /// <summary>No <c>X-Signature-Ed25519</c> header.</summary>
    NoSignature,
}

/// <summary>The relay's answer to one POSTed interaction.</summary>
/// <param name="Id">The interaction's id (null for a raw body).</param>
/// <param name="Token">The interaction's token (null for a raw body).</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="ContentType">The response's Content-Type.</param>
/// <param name="Body">The response body as text.</param>
/// <param name="Elapsed">From sending to the end of the response.</param>
/// <param name="ValidationErrors">A 200 body checked against Discord's schema of an interaction response (empty: valid).</param>
public sealed record FakeHttpInteractionResponse(string? Id, string? Token, int Status, string? ContentType, string Body, TimeSpan Elapsed, IReadOnlyList<string> ValidationErrors)
{
    public JsonNode? Json => Body.Length > 0 && ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true ? JsonNode.Parse(Body) : null;

    /// <summary>The response's interaction callback type (<c>type</c>), or 0.</summary>
    public int Type => Json?["type"]?.GetValue<int>() ?? 0;
}

/// <summary>
/// Discord's HTTP delivery of interactions (discord.md §2.4): the fake holds the application's Ed25519 key pair
/// (<see cref="PublicKeyHex"/> is what the relay's <c>discord.public_key</c> must be), and POSTs interactions and PINGs to
/// the relay's Interactions Endpoint URL as Discord does: <c>Content-Type: application/json</c>,
/// <c>X-Signature-Ed25519</c> (128 hex) over <c>X-Signature-Timestamp</c> (Unix seconds) followed by the raw body. A 200
/// response body is validated against the request schema of <c>POST /interactions/{id}/{token}/callback</c> in Discord's
/// OpenAPI document (the response body is that callback) and, within 3 s, becomes the interaction's callback in
/// <see cref="FakeDiscordServer.Interactions"/>, so edits of <c>@original</c> on its token work.
/// </summary>
public sealed class FakeHttpInteractions
{
    private const string CallbackRoute = "/interactions/{interaction_id}/{interaction_token}/callback";
    private readonly FakeDiscordServer _server;
    private readonly Ed25519PrivateKeyParameters _key;
    private readonly Ed25519PrivateKeyParameters _otherKey;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    internal FakeHttpInteractions(FakeDiscordServer server)
    {
        _server = server;
        var random = new SecureRandom();
        _key = new Ed25519PrivateKeyParameters(random);
        _otherKey = new Ed25519PrivateKeyParameters(random);
        PublicKeyHex = Convert.ToHexStringLower(_key.GeneratePublicKey().GetEncoded());
        _ = Sign(_key, "0", []); // BouncyCastle's first signature builds its tables: not inside a 3 s window
    }

    /// <summary>The application's public key, as the developer portal shows it (64 lowercase hex characters).</summary>
    public string PublicKeyHex { get; }

    /// <summary>Discord's endpoint check: a PING, which must be answered <c>{"type":1}</c>.</summary>
    public Task<FakeHttpInteractionResponse> PingAsync(Uri endpoint, FakeSigning signing = FakeSigning.Valid, CancellationToken cancellationToken = default) =>
        SendAsync(endpoint, new FakeInteractionSpec { Type = 1 }, signing, cancellationToken: cancellationToken);

    /// <summary>POSTs the interaction <paramref name="spec"/> describes; its 3 s window starts now.</summary>
    /// <param name="timestamp">The signed timestamp; now (the fake's clock) when null.</param>
    public async Task<FakeHttpInteractionResponse> SendAsync(Uri endpoint, FakeInteractionSpec spec, FakeSigning signing = FakeSigning.Valid,
        DateTimeOffset? timestamp = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var id = spec.Id ?? _server.NewSnowflake();
        var token = spec.Token ?? "fake-http-interaction-token-" + id;
        var payload = FakeInteractionPayload.Build(spec, id, token, _server.Options.ApplicationId);
        return await PostAsync(endpoint, payload.ToJsonString(), signing, timestamp, id, token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POSTs <paramref name="body"/> as it is (anything, signed as <paramref name="signing"/> says).</summary>
    public Task<FakeHttpInteractionResponse> PostRawAsync(Uri endpoint, string body, FakeSigning signing = FakeSigning.Valid, DateTimeOffset? timestamp = null,
        CancellationToken cancellationToken = default) =>
        PostAsync(endpoint, body, signing, timestamp, null, null, cancellationToken);

    /// <summary>The signature Discord would send: hex Ed25519 of the UTF-8 timestamp followed by the body.</summary>
    public string Sign(string timestamp, byte[] body) => Sign(_key, timestamp, body);

    private async Task<FakeHttpInteractionResponse> PostAsync(Uri endpoint, string text, FakeSigning signing, DateTimeOffset? timestamp, string? id, string? token,
        CancellationToken cancellationToken)
    {
        var time = _server.Options.Time;
        var stamp = (timestamp ?? time.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes(text);
        var signature = signing switch
        {
            FakeSigning.WrongKey => Sign(_otherKey, stamp, body),
            FakeSigning.NoSignature => null,
            _ => Sign(_key, stamp, body),
        };
        if (signing == FakeSigning.Tampered)
        {
            var bytes = Convert.FromHexString(signature!);
            bytes[5] ^= 0x10;
            signature = Convert.ToHexStringLower(bytes);
        }

        if (signing == FakeSigning.BodyChanged)
        {
            body = Encoding.UTF8.GetBytes(text.Length > 0 && text[^1] == '}' ? text[..^1] + " }" : text + " ");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.UserAgent.ParseAdd("Discord-Interactions/1.0 (+https://discord.com)");
        if (signature is not null)
        {
            request.Headers.Add("X-Signature-Ed25519", signature);
        }

        request.Headers.Add("X-Signature-Timestamp", stamp);
        if (id is not null && token is not null)
        {
            _server.Interactions.Dispatched(id); // a REST callback instead of the body (202) has the same 3 s
            _server.Interactions.SentOverHttp(token);
        }

        try
        {
            var sentAt = time.GetUtcNow(); // the 3 s window starts as the request leaves
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var elapsed = watch.Elapsed;
            var receivedAt = time.GetUtcNow();
            var status = (int)response.StatusCode;
            var contentType = response.Content.Headers.ContentType?.ToString();
            if (status == 200 && id is not null && token is not null && !IsPong(answer))
            {
                _server.Interactions.AnsweredOverHttp(id, token, Parse(answer), sentAt, receivedAt);
            }

            IReadOnlyList<string> errors = status == 200 ? Validate(answer, contentType) : [];
            if (errors.Count > 0)
            {
                _server.RecordInvalidResponse("POST " + endpoint.AbsolutePath, answer, errors);
            }

            return new FakeHttpInteractionResponse(id, token, status, contentType, answer, elapsed, errors);
        }
        finally
        {
            if (token is not null)
            {
                _server.Interactions.HttpAnswerTaken(token);
            }
        }
    }

    private static IReadOnlyList<string> Validate(string body, string? contentType)
    {
        if (contentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return [$"Content-Type is '{contentType}', not application/json"];
        }

        if (Parse(body) is not { } json)
        {
            return ["the body is not JSON"];
        }

        return OpenApiBodyValidator.Default.Validate(CallbackRoute, "POST", json);
    }

    private static bool IsPong(string body) => Parse(body)?["type"]?.GetValueKind() == JsonValueKind.Number && Parse(body)!["type"]!.GetValue<int>() == 1;

    private static JsonNode? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Sign(Ed25519PrivateKeyParameters key, string timestamp, byte[] body)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, key);
        var stamp = Encoding.UTF8.GetBytes(timestamp);
        signer.BlockUpdate(stamp, 0, stamp.Length);
        signer.BlockUpdate(body, 0, body.Length);
        return Convert.ToHexStringLower(signer.GenerateSignature());
    }
}

using System.Text.Json.Nodes;
using Json.Schema;

namespace FactorioIsr.FakeDiscord.OpenApi;

/// <summary>
/// Validates a JSON request body against the request schema Discord's OpenAPI 3.1 document declares for the
/// operation (path template + method). OpenAPI 3.1 schemas are JSON Schema 2020-12; the whole document is
/// registered as a base document so <c>#/components/schemas/...</c> references resolve. Thread-safe.
/// </summary>
public sealed class OpenApiBodyValidator
{
    private static readonly Uri DocumentUri = new("https://discord.test/openapi.json");
    private static readonly Lazy<OpenApiBodyValidator> LazyDefault = new(() => Load(DefaultPath()));
    private readonly JsonNode _document;
    private readonly EvaluationOptions _options;
    private readonly Dictionary<string, JsonSchema?> _schemas = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private OpenApiBodyValidator(JsonNode document)
    {
        _document = document;
        _options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        _options.SchemaRegistry.Register(DocumentUri, new JsonNodeBaseDocument(document, DocumentUri));
    }

    /// <summary>The validator over the copy of the document shipped next to this assembly.</summary>
    public static OpenApiBodyValidator Default => LazyDefault.Value;

    public static OpenApiBodyValidator Load(string path) => new(JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException(path));

    private static string DefaultPath() => Path.Combine(AppContext.BaseDirectory, "OpenApi", "discord-openapi.json");

    /// <summary>Does the document declare a JSON request body for this operation?</summary>
    public bool HasRequestSchema(string pathTemplate, string method) => GetSchema(pathTemplate, method) is not null;

    /// <summary>Validates; returns the errors (empty when valid). An operation without a declared body is an error.</summary>
    public IReadOnlyList<string> Validate(string pathTemplate, string method, JsonNode? body)
    {
        var schema = GetSchema(pathTemplate, method);
        if (schema is null)
        {
            return [$"{method} {pathTemplate}: the OpenAPI document declares no application/json request body"];
        }

        EvaluationResults results;
        lock (_lock)
        {
            results = schema.Evaluate(body, _options);
        }

        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        Collect(results, errors);
        return errors.Count > 0 ? errors : [$"{method} {pathTemplate}: invalid body"];
    }

    private static void Collect(EvaluationResults results, List<string> errors)
    {
        if (results.Errors is { } own)
        {
            foreach (var (keyword, message) in own)
            {
                errors.Add($"{results.InstanceLocation} ({results.EvaluationPath}) {keyword}: {message}");
            }
        }

        if (results.Details is { } details)
        {
            foreach (var detail in details)
            {
                Collect(detail, errors);
            }
        }
    }

    private JsonSchema? GetSchema(string pathTemplate, string method)
    {
        var key = method.ToUpperInvariant() + " " + pathTemplate;
        lock (_lock)
        {
            if (_schemas.TryGetValue(key, out var cached))
            {
                return cached;
            }

            var exists = _document["paths"]?[pathTemplate]?[method.ToLowerInvariant()]?["requestBody"]?["content"]?["application/json"]?["schema"] is not null;
            JsonSchema? schema = null;
            if (exists)
            {
                // Point into the registered document, so the schema and every $ref inside it share its base URI.
                var pointer = "/paths/" + Escape(pathTemplate) + "/" + method.ToLowerInvariant() + "/requestBody/content/application~1json/schema";
                schema = JsonSchema.FromText($$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$ref":"{{DocumentUri}}#{{pointer}}"}""");
            }

            _schemas[key] = schema;
            return schema;
        }
    }

    private static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)
        .Replace("{", "%7B", StringComparison.Ordinal).Replace("}", "%7D", StringComparison.Ordinal);
}

using FactorioIsr.FakeDiscord.Interactions;

namespace FactorioIsr.FakeDiscord;

public sealed partial class FakeDiscordServer
{
    private FakeHttpInteractions? _httpInteractions;

    /// <summary>Discord's HTTP delivery of interactions: signs and POSTs them to the relay's <c>/interactions</c> (<see cref="FakeHttpInteractions"/>).</summary>
    public FakeHttpInteractions HttpInteractions => LazyInitializer.EnsureInitialized(ref _httpInteractions, () => new FakeHttpInteractions(this));

    /// <summary>A response body of the relay that does not match Discord's schema for an interaction response.</summary>
    internal void RecordInvalidResponse(string route, string body, IReadOnlyList<string> errors) => Record(new FakeValidationFailure("RESPONSE", route, body, errors));

    internal string NewSnowflake() => NextId();
}

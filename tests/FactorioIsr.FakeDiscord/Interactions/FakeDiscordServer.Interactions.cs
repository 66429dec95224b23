using FactorioIsr.FakeDiscord.Interactions;

namespace FactorioIsr.FakeDiscord;

public sealed partial class FakeDiscordServer
{
    private FakeInteractions? _interactionsFake;

    /// <summary>Interaction callbacks and <c>@original</c> edits, with Discord's 3 s / 15 min windows.</summary>
    public FakeInteractions Interactions => LazyInitializer.EnsureInitialized(ref _interactionsFake, () => new FakeInteractions(Options.Time));

    private static FakeResult InteractionAnswer((int Status, int Code, string? Message) answer, string? okJson) =>
        answer.Status is 200 or 204
            ? new FakeResult(answer.Status, answer.Status == 204 ? null : okJson)
            : new FakeResult(answer.Status, Error(answer.Code, answer.Message ?? ""));
}

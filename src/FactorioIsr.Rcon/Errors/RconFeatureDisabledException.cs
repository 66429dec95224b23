namespace FactorioIsr.Rcon;

/// <summary>
/// A command was refused before sending because configuration disables it (for example Lua on an
/// <c>achievement_safe</c> server). <see cref="Reason"/> is meant for users (status, doctor).
/// </summary>
public sealed class RconFeatureDisabledException : RconException
{
    public RconFeatureDisabledException(string reason)
        : base(reason, isTransient: false)
    {
        Reason = reason;
    }

    /// <summary>Why the feature is disabled, in one sentence.</summary>
    public string Reason { get; }
}

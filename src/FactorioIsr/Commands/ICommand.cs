namespace FactorioIsr.Commands;

/// <summary>One subcommand (one file each under <c>Commands/Factorio/</c>).</summary>
internal interface ICommand
{
    CommandSpec Spec { get; }

    /// <summary>Danger-level arguments ask for a confirmation first (ban, speed, <c>research all</c>, rcon).</summary>
    bool NeedsConfirmation(CommandArgs args) => false;

    /// <summary>The permission level this invocation needs: the tier's, or danger when it needs confirmation.</summary>
    CommandTier RequiredLevel(CommandArgs args) => NeedsConfirmation(args) ? CommandTier.Danger : Spec.Tier;

    /// <summary>Runs the command. Bad input is reported as an <see cref="CommandOutcome.Error"/> outcome, never thrown.</summary>
    Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken);
}

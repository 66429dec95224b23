using Microsoft.Extensions.Hosting;

namespace FactorioIsr.Commands;

/// <summary>Runs <see cref="CommandRegistration"/> once when the host starts (in the background: start-up does not wait for Discord).</summary>
internal sealed class CommandRegistrationService(CommandRegistration registration) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await registration.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

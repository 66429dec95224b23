using System.Security.Cryptography;
using System.Text;

namespace FactorioIsr.Delivery.DiscordOutputs;

/// <summary>
/// A deterministic Discord nonce for one message of a batch: the same batch (idempotency key) and part always give
/// the same nonce, so a retry after an ambiguous failure is dropped by Discord (<c>enforce_nonce</c>).
/// Discord nonces have at most 25 characters, so the key is hashed: 24 base64url characters (144 bits).
/// </summary>
internal static class DiscordNonce
{
    public static string For(string idempotencyKey, int part)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{idempotencyKey}/{part}"));
        return Convert.ToBase64String(hash, 0, 18).Replace('+', '-').Replace('/', '_');
    }
}

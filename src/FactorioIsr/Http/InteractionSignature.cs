using System.Buffers;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace FactorioIsr.Http;

/// <summary>
/// Discord's signature of an HTTP interaction (discord.md §2.4): Ed25519 over the UTF-8 <c>X-Signature-Timestamp</c>
/// followed by the raw body, checked against the application's public key. The key is decoded and validated once
/// (BouncyCastle's <see cref="Ed25519.PublicPoint"/>); a verification decodes the 128-hex signature on the stack and
/// allocates nothing of its own. Thread-safe.
/// </summary>
internal sealed class InteractionSignature
{
    public const int PublicKeyBytes = 32;
    public const int SignatureBytes = 64;
    public const int PublicKeyHexLength = PublicKeyBytes * 2;
    public const int SignatureHexLength = SignatureBytes * 2;

    private readonly Ed25519.PublicPoint _key;

    private InteractionSignature(Ed25519.PublicPoint key) => _key = key;

    /// <summary>The verifier for a key that <see cref="Problem"/> accepts.</summary>
    /// <exception cref="ArgumentException">The key is not 64 hex characters of a valid Ed25519 public key.</exception>
    public static InteractionSignature FromHex(string publicKeyHex)
    {
        ArgumentNullException.ThrowIfNull(publicKeyHex);
        return Decode(publicKeyHex, out var problem) is { } key ? new InteractionSignature(key) : throw new ArgumentException(problem, nameof(publicKeyHex));
    }

    /// <summary>Why <paramref name="publicKeyHex"/> is not an application public key, or null when it is one.</summary>
    public static string? Problem(string publicKeyHex)
    {
        ArgumentNullException.ThrowIfNull(publicKeyHex);
        return Decode(publicKeyHex, out var problem) is null ? problem : null;
    }

    /// <summary>Is <paramref name="signatureHex"/> the key's signature of <paramref name="message"/> (timestamp bytes, then the body)?</summary>
    public bool Verify(ReadOnlySpan<char> signatureHex, ReadOnlySpan<byte> message)
    {
        if (signatureHex.Length != SignatureHexLength)
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[SignatureBytes];
        return Convert.FromHexString(signatureHex, signature, out _, out var written) == OperationStatus.Done
            && written == SignatureBytes
            && Ed25519.Verify(signature, _key, message);
    }

    private static Ed25519.PublicPoint? Decode(string hex, out string problem)
    {
        problem = "";
        if (hex.Length != PublicKeyHexLength || !hex.All(char.IsAsciiHexDigit))
        {
            problem = $"expected {PublicKeyHexLength} hex characters (0-9, a-f), found {hex.Length} character(s)"
                + (hex.All(char.IsAsciiHexDigit) ? "" : " that are not all hex digits");
            return null;
        }

        Span<byte> bytes = stackalloc byte[PublicKeyBytes];
        Convert.FromHexString(hex, bytes, out _, out _);
        var point = Ed25519.ValidatePublicKeyFullExport(bytes);
        if (point is null)
        {
            problem = "is not an Ed25519 public key (64 hex characters, but not a point of the curve, or a weak one)";
        }

        return point;
    }
}

using System.Text;
using BenchmarkDotNet.Attributes;
using FactorioIsr.Http;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace FactorioIsr.Benchmarks.Http;

/// <summary>
/// The Ed25519 check of <c>POST /interactions</c> on a 1.6 KB slash-command body: <see cref="InteractionSignature"/>
/// (the key decoded once, the signature decoded on the stack, BouncyCastle's span API) against the textbook
/// <see cref="Ed25519Signer"/> per request (what BouncyCastle's README and most bots do), side by side.
/// <c>dotnet run -c Release --project bench/FactorioIsr.Benchmarks -- --filter '*InteractionSignature*'</c>.
/// </summary>
[MemoryDiagnoser]
public class InteractionSignatureBenchmarks
{
    private const string Timestamp = "1764640000";
    private byte[] _message = [];
    private byte[] _body = [];
    private byte[] _publicKey = [];
    private string _signatureHex = "";
    private InteractionSignature _signature = null!;
    private Ed25519PublicKeyParameters _parameters = null!;
    private Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.PublicPoint _point = null!;

    [GlobalSetup]
    public void Setup()
    {
        var key = new Ed25519PrivateKeyParameters(new SecureRandom());
        _publicKey = key.GeneratePublicKey().GetEncoded();
        _parameters = new Ed25519PublicKeyParameters(_publicKey);
        _point = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.ValidatePublicKeyFullExport(_publicKey)!;
        _body = Encoding.UTF8.GetBytes(Body());
        _message = [.. Encoding.ASCII.GetBytes(Timestamp), .. _body];
        var signer = new Ed25519Signer();
        signer.Init(true, key);
        signer.BlockUpdate(_message, 0, _message.Length);
        _signatureHex = Convert.ToHexStringLower(signer.GenerateSignature());
        _signature = InteractionSignature.FromHex(Convert.ToHexStringLower(_publicKey));
        if (!Textbook() || !Ours())
        {
            throw new InvalidOperationException("the signature does not verify");
        }
    }

    [Benchmark(Baseline = true, Description = "Ed25519Signer per request")]
    public bool Textbook()
    {
        var signer = new Ed25519Signer();
        signer.Init(false, _parameters);
        var stamp = Encoding.UTF8.GetBytes(Timestamp);
        signer.BlockUpdate(stamp, 0, stamp.Length);
        signer.BlockUpdate(_body, 0, _body.Length);
        return signer.VerifySignature(Convert.FromHexString(_signatureHex));
    }

    [Benchmark(Description = "span API, key bytes")]
    public bool SpanKeyBytes()
    {
        Span<byte> signature = stackalloc byte[64];
        Convert.FromHexString(_signatureHex, signature, out _, out _);
        return Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Verify(signature, _publicKey, _message);
    }

    [Benchmark(Description = "span API, decoded point")]
    public bool SpanPoint()
    {
        Span<byte> signature = stackalloc byte[64];
        Convert.FromHexString(_signatureHex, signature, out _, out _);
        return Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Verify(signature, _point, _message);
    }

    [Benchmark(Description = "InteractionSignature (shipped)")]
    public bool Ours() => _signature.Verify(_signatureHex, _message);

    /// <summary>
    /// <c>-- interaction-signature N</c>: N verifications per variant, in 10 alternating rounds (the machine is shared),
    /// as verifications per second of CPU time (best and median round) and bytes allocated per verification.
    /// </summary>
    public static int RunCpu(int verifications)
    {
        var bench = new InteractionSignatureBenchmarks();
        bench.Setup();
        (string Name, Func<bool> Verify)[] variants =
        [
            ("Ed25519Signer per request", bench.Textbook),
            ("span API, key bytes", bench.SpanKeyBytes),
            ("span API, decoded point", bench.SpanPoint),
            ("InteractionSignature (shipped)", bench.Ours),
        ];
        var rates = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var allocated = variants.ToDictionary(v => v.Name, _ => 0L);
        foreach (var (_, verify) in variants)
        {
            for (var i = 0; i < 200; i++)
            {
                verify(); // warm: JIT tiers, BouncyCastle's tables
            }
        }

        for (var round = 0; round < 10; round++)
        {
            foreach (var (name, verify) in variants)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var cpu = ThreadCpu();
                for (var i = 0; i < verifications; i++)
                {
                    if (!verify())
                    {
                        throw new InvalidOperationException(name + " did not verify");
                    }
                }

                rates[name].Add(verifications / (ThreadCpu() - cpu).TotalSeconds);
                allocated[name] += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }

        var baseline = Median(rates[variants[0].Name]);
        foreach (var (name, _) in variants)
        {
            var sorted = rates[name].Order().ToList();
            Console.WriteLine(System.FormattableString.Invariant(
                $"{name,-32} median {Median(sorted),8:0} verifications/s (best {sorted[^1]:0}), x{Median(sorted) / baseline:0.00} of the signer, {allocated[name] / (10.0 * verifications):0} B/verification"));
        }

        return 0;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>The process's CPU time (the loop is single-threaded and the GC is not concurrent), so a loaded machine's waiting does not count.</summary>
    private static TimeSpan ThreadCpu() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>A slash command as Discord POSTs it, padded to a typical size with member and resolved data.</summary>
    private static string Body() =>
        """{"app_permissions":"442368","application_id":"333000000000000001","authorizing_integration_owners":{"0":"290926798626357999"},"channel":{"flags":0,"guild_id":"290926798626357999","id":"645027906669510667","last_message_id":"1312345678901234567","name":"general","nsfw":false,"parent_id":null,"permissions":"2248473465835073","position":0,"rate_limit_per_user":0,"topic":null,"type":0},"channel_id":"645027906669510667","context":0,"data":{"guild_id":"290926798626357999","id":"771825006014889984","name":"factorio","options":[{"name":"players","options":[{"name":"server","type":3,"value":"main"}],"type":1}],"type":1},"entitlement_sku_ids":[],"entitlements":[],"guild":{"features":["COMMUNITY","NEWS"],"id":"290926798626357999","locale":"en-US"},"guild_id":"290926798626357999","guild_locale":"en-US","id":"1312345678901234568","locale":"en-US","member":{"avatar":null,"banner":null,"communication_disabled_until":null,"deaf":false,"flags":0,"joined_at":"2017-03-13T19:19:14.040000+00:00","mute":false,"nick":"Mase","pending":false,"permissions":"2248473465835073","premium_since":null,"roles":["900000000000000001","900000000000000002"],"unusual_dm_activity_until":null,"user":{"avatar":"a_1234567890abcdef1234567890abcdef","avatar_decoration_data":null,"clan":null,"discriminator":"0","global_name":"Mason","id":"53908232506183680","public_flags":0,"username":"mason"}},"token":"aW50ZXJhY3Rpb246MTMxMjM0NTY3ODkwMTIzNDU2ODpGYWtlVG9rZW5Gb3JCZW5jaG1hcmtpbmdPbmx5Tm90UmVhbEF0QWxsMTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo","type":2,"version":1}""";
}

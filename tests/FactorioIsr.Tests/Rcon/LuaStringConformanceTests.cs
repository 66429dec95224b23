using System.Diagnostics;
using System.Text;
using FactorioIsr.Rcon.Lua;

namespace FactorioIsr.Tests.Rcon;

/// <summary>Runs the encoder's output through a real Lua interpreter (Debian lua5.2, installed by .ci/install).</summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class LuaStringConformanceTests
{
    [Fact]
    public async Task Quote_AdversarialCorpus_Lua52ReadsBackTheExactBytes()
    {
        var corpus = LuaStringCorpus.All;
        var script = new StringBuilder("local t = {}\n");
        foreach (var value in corpus)
        {
            script.Append("t[#t + 1] = ").Append(LuaString.Quote(value)).Append('\n');
        }

        script.Append("for _, s in ipairs(t) do io.write(#s, ':', s) end\n");
        var path = Path.Combine(Path.GetTempPath(), $"isr-lua-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(path, script.ToString(), new UTF8Encoding(false), TestContext.Current.CancellationToken);
        try
        {
            var output = await RunLuaAsync(path);

            var offset = 0;
            for (var i = 0; i < corpus.Count; i++)
            {
                var colon = Array.IndexOf(output, (byte)':', offset);
                Assert.True(colon > offset, $"missing entry {i}");
                var length = int.Parse(Encoding.ASCII.GetString(output, offset, colon - offset), System.Globalization.CultureInfo.InvariantCulture);
                var actual = output.AsSpan(colon + 1, length).ToArray();
                Assert.True(LuaStringCorpus.ExpectedBytes(corpus[i]).AsSpan().SequenceEqual(actual), $"entry {i} differs");
                offset = colon + 1 + length;
            }

            Assert.Equal(output.Length, offset);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<byte[]> RunLuaAsync(string scriptPath)
    {
        var start = new ProcessStartInfo("lua5.2", [scriptPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("lua5.2 did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("lua5.2 is not installed: run .ci/install (it installs Debian's lua5.2)", ex);
        }

        using (process)
        {
            using var stdout = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, TestContext.Current.CancellationToken);
            var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await copy;
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"lua5.2 failed: {stderr}");
            return stdout.ToArray();
        }
    }
}

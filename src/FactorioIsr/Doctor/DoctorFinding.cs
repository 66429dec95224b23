namespace FactorioIsr.Doctor;

/// <summary>One line of <c>isr doctor</c>'s table.</summary>
/// <param name="Check">What was checked (<c>config</c>, <c>log file</c>, <c>rcon</c>, <c>discord token</c>...).</param>
/// <param name="Subject">Which one (a server tag, a path).</param>
/// <param name="Passed">It passed (warnings pass).</param>
/// <param name="Detail">What was found.</param>
/// <param name="Fix">What to do; empty when nothing is needed.</param>
/// <param name="Warning">Worth a look, not a failure.</param>
internal sealed record DoctorFinding(string Check, string Subject, bool Passed, string Detail, string Fix = "", bool Warning = false)
{
    public string Status => !Passed ? "FAIL" : Warning ? "WARN" : "ok";
}

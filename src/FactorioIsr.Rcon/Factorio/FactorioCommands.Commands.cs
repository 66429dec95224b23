using FactorioIsr.Rcon.Lua;

namespace FactorioIsr.Rcon.Factorio;

public sealed partial class FactorioCommands
{
    /// <summary>Printed by the research builders when the force does not exist.</summary>
    public const string ForceNotFound = "FORCE_NOT_FOUND";

    /// <summary>Printed by <see cref="SetResearched"/> when the technology does not exist.</summary>
    public const string TechnologyNotFound = "TECH_NOT_FOUND";

    /// <summary>The names of a force's enabled technologies, one per line (autocomplete).</summary>
    public RconCommand TechnologyNames(string force = "player") => Lua(FactorioFeature.Research,
        ForceLocal(force) + "local n={} for k,x in pairs(f.technologies) do if x.enabled then n[#n+1]=k end end rcon.print(table.concat(n,'\\n'))");

    /// <summary>The names of the surfaces that are not space platforms, one per line (autocomplete).</summary>
    public RconCommand SurfaceNames() => Lua(FactorioFeature.Evolution,
        "local n={} for _,s in pairs(game.surfaces) do if not (s.platform or string.find(string.lower(s.name),'platform',1,true)) then n[#n+1]=s.name end end rcon.print(table.concat(n,'\\n'))");

    /// <summary>Researches every technology of the force; prints <c>All technologies researched</c>.</summary>
    public RconCommand ResearchAll(string force = "player") => Lua(FactorioFeature.Research,
        ForceLocal(force) + "f.research_all_technologies() rcon.print('All technologies researched')");

    /// <summary>Marks every technology of the force as not researched; prints <c>All technologies reverted</c>.</summary>
    public RconCommand UnresearchAll(string force = "player") => Lua(FactorioFeature.Research,
        ForceLocal(force) + "for _,x in pairs(f.technologies) do x.researched=false end rcon.print('All technologies reverted')");

    /// <summary>Researches (or reverts) one technology; prints <c>TECH_OK</c> or <see cref="TechnologyNotFound"/>.</summary>
    public RconCommand SetResearched(string force, string technology, bool researched)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(technology);
        if (technology.Length > 200)
        {
            throw new ArgumentException("A technology name has at most 200 characters.", nameof(technology));
        }

        return Lua(FactorioFeature.Research,
            ForceLocal(force) + "local x=f.technologies[" + LuaString.Quote(technology) + "] if not x then rcon.print('" + TechnologyNotFound + "') return end "
            + "x.researched=" + (researched ? "true" : "false") + " rcon.print('TECH_OK')");
    }

    /// <summary>
    /// An operator's raw console command (<c>/factorio-admin rcon</c>): one line (control characters become spaces, so
    /// nothing can be smuggled after it), sent as typed. Lua commands (<c>/c</c>, <c>/sc</c>, ...) are marked as such and
    /// refused on an <c>achievement_safe</c> server.
    /// </summary>
    public static RconCommand Raw(string text)
    {
        var line = CommandText.Sanitize(text);
        if (line.Length == 0)
        {
            throw new ArgumentException("An RCON command cannot be empty.", nameof(text));
        }

        var name = line.Split(' ', 2)[0].ToLowerInvariant();
        var isLua = name is "/c" or "/command" or "/sc" or "/silent-command" or "/measured-command";
        return new RconCommand(line, isLua);
    }

    private static string ForceLocal(string force)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(force);
        return "local f=game.forces[" + LuaString.Quote(force) + "] if not f then rcon.print('" + ForceNotFound + "') return end ";
    }
}

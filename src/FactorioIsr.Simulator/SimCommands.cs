namespace FactorioIsr.Simulator;

/// <summary>The simulator-only RCON commands (documented in docs/simulator.md and <c>isr simulate --help</c>).</summary>
public static class SimCommands
{
    /// <summary>One line per command, for help output.</summary>
    public const string Help =
        "  /sim ups N            run at N updates per second at game speed 1.0 (below 60 = lag)\n"
        + "  /sim speed X          set game.speed to X (ticks advance at UPS x speed)\n"
        + "  /sim pause            pause the game (tick stops; RCON still answers)\n"
        + "  /sim resume           undo /sim pause\n"
        + "  /sim players N        join or leave players until N are online ([JOIN]/[LEAVE] lines)\n"
        + "  /sim chat NAME TEXT   write '[CHAT] NAME: TEXT' to console.log\n"
        + "  /sim die NAME CAUSE   mod events: NAME killed by CAUSE (an entity name), then respawned\n"
        + "  /sim research TECH    mod events: TECH finished, the next research started\n"
        + "  /sim rocket           mod events: a rocket launched (the first also first_rocket; 2.0: every 2nd to a platform)\n"
        + "  /sim rcon-down SECS   close the RCON listener and connections, listen again after SECS\n"
        + "  /sim restart          restart: Goodbye, current log -> factorio-previous.log, new log from 0.000\n"
        + "  /sim rotate           move console.log to console.log.1 and start a new console.log\n"
        + "  /sim truncate         truncate console.log to 0 bytes in place\n"
        + "  /sim sleep SECS       answer this command only after SECS (a slow command)\n"
        + "  /sim crash REASON     crash (mod, exception, init, desync or disk): its lines in factorio-current.log, RCON gone\n"
        + "  /sim save             write a save sequence (Saving to _autosave1 ... Saving finished) to factorio-current.log\n"
        + "  /sim achievements     the next Lua command is refused with Factorio's achievements warning\n"
        + "  /sim status           print the simulated state";
}

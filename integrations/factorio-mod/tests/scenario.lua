-- Plays a fixed game on the stub and leaves the mod's files in OUT_DIR/isr/ (the round-trip test's input).
-- Usage: lua5.2 tests/scenario.lua MOD_DIR VERSION OUT_DIR   (OUT_DIR/isr must exist; 4 events per file)
local mod_dir, version, out = arg[1], arg[2], arg[3]
package.path = mod_dir .. "/tests/?.lua;" .. package.path
local stub = require("factorio_stub")

local env = stub.install(version, out)
env.set("isr-max-file-events", 4)
env.set("isr-keep-files", 0)
env.load(mod_dir)
env.on_init()
env.player(1, "Alice", { position = { x = 12.5, y = -3 } })
env.player(2, 'Bob "the *builder*"', { position = { x = 0, y = 0 } })
env.fire("on_player_died", { player_index = 1, cause = env.entity("small-biter", "unit") })
env.fire("on_player_respawned", { player_index = 1 })
env.fire("on_player_died", { player_index = 2 })
env.fire("on_research_started", { research = env.technology("automation", 1) })
env.fire("on_research_finished", { research = env.technology("automation", 1), by_script = false })
env.technology("logistics", 1)
env.fire("on_research_cancelled", { research = { logistics = 1 }, force = env.forces.player })
local silo = env.entity("rocket-silo", "rocket-silo", { force = "player", position = { x = 100, y = 200 }, unit_number = 5 })
env.fire("on_rocket_launched", { rocket = env.rocket({ { "satellite", 1 } }), rocket_silo = silo, player_index = 1 })
if version == "2.0" then
  env.fire("on_space_platform_changed_state", { platform = env.platform("Orbital One", "vulcanus"), old_state = 5 })
end

-- Unit tests of control.lua's handlers under lua5.2, on the Factorio API stub, for 1.1 and 2.0.
-- Usage: lua5.2 tests/run.lua [MOD_DIR]   (prints one line per test, then "N passed, N failed"; exit 1 on a failure)
local mod_dir = arg[1] or "."
package.path = mod_dir .. "/tests/?.lua;" .. package.path
local stub = require("factorio_stub")
local json = require("json")

local tests = {}
local function test(name, versions, body)
  tests[#tests + 1] = { name = name, versions = versions, body = body }
end
local BOTH = { "1.1", "2.0" }

local function eq(expected, actual, what)
  if expected ~= actual then
    error(string.format("%s: expected %s, got %s", what or "value", tostring(expected), tostring(actual)), 2)
  end
end

local function game(version)
  local env = stub.install(version)
  env.load(mod_dir)
  env.on_init()
  return env
end

-- Every line written so far, decoded (and checked: valid JSON, v/tick/type first, one object per line).
local function lines(env)
  local decoded = {}
  for _, write in ipairs(env.writes) do
    assert(string.sub(write.data, -1) == "\n", "each write is one line ending in a newline")
    local text = string.sub(write.data, 1, -2)
    assert(not string.find(text, "\n", 1, true), "one object per line")
    local object, keys = json.decode(text)
    local order = keys[object]
    eq("v", order[1], "first key")
    eq("tick", order[2], "second key")
    eq("type", order[3], "third key")
    eq(1, object.v, "format version")
    assert(type(object.tick) == "number" and object.tick == math.floor(object.tick), "tick is an integer")
    object.file = write.name
    object.keys = order
    decoded[#decoded + 1] = object
  end
  return decoded
end

local function last(env)
  local all = lines(env)
  return all[#all]
end

test("player_died: cause name, type and force, surface, position", BOTH, function(v)
  local env = game(v)
  env.player(1, "Alice", { position = { x = 12.5, y = -3 } })
  env.fire("on_player_died", { player_index = 1, cause = env.entity("small-biter", "unit") })
  local e = last(env)
  eq("player_died", e.type)
  eq("Alice", e.player)
  eq("small-biter", e.cause_name)
  eq("unit", e.cause_type)
  eq("enemy", e.cause_force)
  eq("player", e.force)
  eq("nauvis", e.surface)
  eq(12.5, e.x)
  eq(-3, e.y)
  eq("isr/events-1.jsonl", e.file)
end)

test("player_died without a cause has no cause fields; by another player names them", BOTH, function(v)
  local env = game(v)
  local bob = env.player(2, "Bob")
  env.player(1, "Alice")
  env.fire("on_player_died", { player_index = 1 })
  local e = last(env)
  eq(nil, e.cause_name)
  eq(nil, e.cause_type)
  env.fire("on_player_died", { player_index = 1, cause = env.entity("character", "character", { force = "player", player = bob }) })
  e = last(env)
  eq("character", e.cause_type)
  eq("Bob", e.cause_player)
  env.fire("on_player_died", { player_index = 1, cause = env.entity("character", "character", { force = "player" }) })
  eq(nil, last(env).cause_player)
end)

test("names are JSON-escaped, never raw", BOTH, function(v)
  local env = game(v)
  local name = 'q"uote\\back\nline\ttab\1ctl\127del ünï 🚀'
  env.player(1, name)
  env.fire("on_player_died", { player_index = 1, cause = env.entity('we"ird\\', "unit") })
  local raw = env.writes[#env.writes].data
  assert(not string.find(raw, "\n", 1, true) or string.find(raw, "\n", 1, true) == #raw, "no raw newline inside the line")
  assert(not string.find(raw, "\1", 1, true), "no raw control character")
  local e = last(env)
  eq(name, e.player)
  eq('we"ird\\', e.cause_name)
end)

test("a position that is not a number JSON can carry is left out", BOTH, function(v)
  local env = game(v)
  env.player(1, "Alice", { position = { x = 0 / 0, y = math.huge } })
  env.fire("on_player_died", { player_index = 1 })
  local e = last(env)
  eq(nil, e.x)
  eq(nil, e.y)
end)

test("player_respawned", BOTH, function(v)
  local env = game(v)
  env.player(3, "Carol")
  env.fire("on_player_respawned", { player_index = 3 })
  local e = last(env)
  eq("player_respawned", e.type)
  eq("Carol", e.player)
  eq("nauvis", e.surface)
end)

test("an event for a player that is gone writes nothing", BOTH, function(v)
  local env = game(v)
  env.fire("on_player_died", { player_index = 9 })
  env.fire("on_player_respawned", { player_index = 9 })
  eq(0, #env.writes, "writes")
end)

test("research started, finished and cancelled: technology and level", BOTH, function(v)
  local env = game(v)
  local tech = env.technology("mining-productivity-3", 4)
  env.fire("on_research_started", { research = tech })
  local e = last(env)
  eq("research_started", e.type)
  eq("mining-productivity-3", e.technology)
  eq(4, e.level)
  eq("player", e.force)
  env.fire("on_research_finished", { research = env.technology("automation", 1), by_script = false })
  e = last(env)
  eq("research_finished", e.type)
  eq("automation", e.technology)
  eq(false, e.by_script)
  env.technology("logistics", 1)
  env.fire("on_research_cancelled", { research = { logistics = 1 }, force = env.forces.player })
  e = last(env)
  eq("research_cancelled", e.type)
  eq("logistics", e.technology)
  eq(1, e.level)
end)

test("rocket_launched: surface, silo, cargo (1.1 dictionary)", { "1.1" }, function(v)
  local env = game(v)
  env.player(1, "Alice")
  local silo = env.entity("rocket-silo", "rocket-silo", { force = "player", position = { x = 100, y = 200 }, unit_number = 5 })
  env.fire("on_rocket_launched", { rocket = env.rocket({ { "satellite", 1 } }), rocket_silo = silo, player_index = 1 })
  local all = lines(env)
  local e = all[#all - 1]
  eq("rocket_launched", e.type)
  eq("nauvis", e.surface)
  eq("rocket-silo", e.silo)
  eq(5, e.silo_id)
  eq("player", e.force)
  eq("Alice", e.player)
  eq("satellite x1", e.cargo)
  eq(100, e.x)
  eq(nil, e.destination)
end)

test("rocket_launched: 2.0 cargo with quality, destination and platform", { "2.0" }, function(v)
  local env = game(v)
  local silo = env.entity("rocket-silo", "rocket-silo", { force = "player" })
  local platform = env.platform("Orbital One", nil)
  local destination = { type = defines.cargo_destination.space_platform, space_platform = platform }
  env.fire("on_rocket_launched", {
    rocket = env.rocket({ { "iron-plate", 200 }, { "space-platform-foundation", 10, "rare" } }, destination),
    rocket_silo = silo,
  })
  local e = lines(env)[1]
  eq("rocket_launched", e.type)
  eq("iron-plate x200, space-platform-foundation (rare) x10", e.cargo)
  eq("space_platform", e.destination)
  eq("Orbital One", e.platform)
  eq(nil, e.player)
end)

test("first_rocket: once per force, not for a save that launched rockets before the mod", BOTH, function(v)
  local env = game(v)
  local silo = env.entity("rocket-silo", "rocket-silo", { force = "player" })
  env.fire("on_rocket_launched", { rocket = env.rocket({}), rocket_silo = silo })
  env.fire("on_rocket_launched", { rocket = env.rocket({}), rocket_silo = silo })
  local firsts = 0
  for _, e in ipairs(lines(env)) do
    if e.type == "first_rocket" then
      firsts = firsts + 1
      eq("player", e.force)
      eq("nauvis", e.surface)
    end
  end
  eq(1, firsts, "first_rocket events")

  local old = stub.install(v)
  old.forces.player.rockets_launched = 3
  old.load(mod_dir)
  old.on_init()
  old.fire("on_rocket_launched", { rocket = old.rocket({}), rocket_silo = old.entity("rocket-silo", "rocket-silo", { force = "player" }) })
  eq(1, #old.writes, "only rocket_launched")
end)

test("platform_arrived (2.0)", { "2.0" }, function(v)
  local env = game(v)
  env.fire("on_space_platform_changed_state", { platform = env.platform("Orbital One", "vulcanus"), old_state = 5 })
  local e = last(env)
  eq("platform_arrived", e.type)
  eq("Orbital One", e.platform)
  eq("vulcanus", e.location)
  eq("player", e.force)
  local moving = env.platform("Orbital Two", nil)
  moving.state = defines.space_platform_state.on_the_path
  env.fire("on_space_platform_changed_state", { platform = moving, old_state = 6 })
  eq(1, #env.writes, "a platform leaving writes nothing")
end)

test("1.1 has no space platforms: the mod registers only the events that exist", { "1.1" }, function(v)
  local env = game(v)
  assert(env.handles("on_player_died") and env.handles("on_rocket_launched"), "1.1 handlers")
  assert(defines.events.on_space_platform_changed_state == nil, "stub: no 2.0 event in 1.1")
end)

test("no per-tick work", BOTH, function(v)
  local env = game(v)
  assert(not env.handles("on_tick"), "on_tick is not handled")
end)

test("the file rolls over past the event limit; the state is in storage (2.0) / global (1.1)", BOTH, function(v)
  local env = game(v)
  env.set("isr-max-file-events", 3)
  env.set("isr-keep-files", 0)
  env.player(1, "Alice")
  for _ = 1, 7 do
    env.fire("on_player_respawned", { player_index = 1 })
  end
  local files = {}
  for _, e in ipairs(lines(env)) do
    files[#files + 1] = e.file
  end
  eq("isr/events-1.jsonl,isr/events-1.jsonl,isr/events-1.jsonl,isr/events-2.jsonl,isr/events-2.jsonl,isr/events-2.jsonl,isr/events-3.jsonl",
    table.concat(files, ","), "files")
  eq(false, env.writes[1].append, "a file's first line replaces what an older map left")
  eq(true, env.writes[2].append, "later lines append")
  eq(false, env.writes[4].append, "the new file's first line")
  local persistent = env.persistent()
  eq(3, persistent.isr.file, "file number in " .. (v == "2.0" and "storage" or "global"))
  eq(1, persistent.isr.events)
  if v == "2.0" then
    eq(nil, _G.global, "1.1's global is not used on 2.0")
  else
    eq(nil, _G.storage, "2.0's storage is not used on 1.1")
  end
end)

test("the file rolls over before it grows past the size limit, and old files are deleted", BOTH, function(v)
  local env = game(v)
  env.set("isr-max-file-bytes", 4096)
  env.set("isr-keep-files", 2)
  env.player(1, string.rep("x", 900))
  for _ = 1, 20 do
    env.fire("on_player_respawned", { player_index = 1 })
  end
  local sizes = {}
  for name, content in pairs(env.files) do
    sizes[name] = #content
    assert(#content <= 4096, name .. " is " .. #content .. " bytes")
  end
  local s = env.persistent().isr
  assert(s.file >= 5, "several files: " .. s.file)
  eq(s.file - 2, #env.removed, "one file deleted per new file once K are kept")
  eq("isr/events-1.jsonl", env.removed[1])
  eq(nil, env.files["isr/events-" .. (s.file - 2) .. ".jsonl"], "file n-K is gone")
  assert(env.files["isr/events-" .. (s.file - 1) .. ".jsonl"] ~= nil, "file n-1 is kept")
end)

test("a save that already has the mod continues its file; on_configuration_changed keeps the state", BOTH, function(v)
  local env = game(v)
  env.set("isr-max-file-events", 2)
  env.player(1, "Alice")
  for _ = 1, 3 do
    env.fire("on_player_respawned", { player_index = 1 })
  end
  local saved = env.persistent()

  -- The save is loaded again: a new Lua state, the persisted table restored, on_load (not on_init).
  local again = stub.install(v)
  if v == "2.0" then _G.storage = saved else _G.global = saved end
  again.set("isr-max-file-events", 2)
  again.load(mod_dir)
  assert(again.on_load == nil or pcall(again.on_load), "on_load is harmless")
  again.on_configuration_changed({ mod_changes = {} })
  again.player(1, "Alice")
  again.fire("on_player_respawned", { player_index = 1 })
  eq("isr/events-2.jsonl", again.writes[1].name, "continues file 2")
  eq(true, again.writes[1].append, "appends to it")
  eq(2, again.persistent().isr.events)
end)

test("on_configuration_changed repairs a partial or missing state", BOTH, function(v)
  local env = stub.install(v)
  if v == "2.0" then _G.storage.isr = { file = "x" } else _G.global.isr = { file = "x" } end
  env.load(mod_dir)
  env.on_configuration_changed({})
  env.player(1, "Alice")
  env.fire("on_player_respawned", { player_index = 1 })
  eq("isr/events-1.jsonl", env.writes[1].name)

  local fresh = stub.install(v) -- a save from before the mod: no state at all, then a handler runs
  fresh.load(mod_dir)
  fresh.on_configuration_changed({})
  fresh.player(1, "Alice")
  fresh.fire("on_player_respawned", { player_index = 1 })
  eq(1, fresh.persistent().isr.events)
end)

test("remote interface reports the file being written", BOTH, function(v)
  local env = game(v)
  env.player(1, "Alice")
  env.fire("on_player_respawned", { player_index = 1 })
  local status = remote.call("factorio-isr", "status")
  assert(string.find(status, "isr/events-1.jsonl", 1, true), status)
end)

local passed, failed = 0, 0
for _, t in ipairs(tests) do
  for _, version in ipairs(t.versions) do
    local ok, problem = pcall(t.body, version)
    if ok then
      passed = passed + 1
      print("ok   [" .. version .. "] " .. t.name)
    else
      failed = failed + 1
      print("FAIL [" .. version .. "] " .. t.name .. ": " .. tostring(problem))
    end
  end
end
print(passed .. " passed, " .. failed .. " failed")
os.exit(failed == 0 and 0 or 1)

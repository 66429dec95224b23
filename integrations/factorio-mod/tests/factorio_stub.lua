-- A small stub of the Factorio API, enough to run control.lua outside the game: the globals the mod reads
-- (script, defines, game, helpers or global/storage, settings, remote), entities that raise an error on a key
-- they do not have (as LuaEntity does), and event firing. Written by this project; it models what the mod uses
-- of Factorio 1.1 and 2.0, nothing more.
local stub = {}

-- An object that errors on unknown keys, like the game's Lua objects. `nils` lists keys that read as nil.
local function strict(kind, fields, nils)
  fields.valid = fields.valid == nil and true or fields.valid
  fields.object_name = kind
  local allowed = {}
  for _, key in ipairs(nils or {}) do
    allowed[key] = true
  end
  return setmetatable(fields, {
    __index = function(_, key)
      if allowed[key] then
        return nil
      end
      error(kind .. " doesn't contain key " .. tostring(key) .. ".", 2)
    end,
  })
end
stub.strict = strict

local EVENTS_1_1 = {
  "on_player_died", "on_player_respawned", "on_research_started", "on_research_finished", "on_research_cancelled",
  "on_rocket_launched", "on_tick", "on_player_joined_game",
}
local EVENTS_2_0 = { "on_space_platform_changed_state", "on_cargo_pod_finished_ascending" }

local function build_defines(v2)
  local events, n = {}, 0
  for _, name in ipairs(EVENTS_1_1) do
    n = n + 1
    events[name] = n
  end
  if v2 then
    for _, name in ipairs(EVENTS_2_0) do
      n = n + 1
      events[name] = n
    end
  end
  local defines = { events = events, inventory = {} }
  if v2 then
    defines.inventory.cargo_unit = 1
    defines.cargo_destination = { invalid = 0, orbit = 1, station = 2, surface = 3, space_platform = 4 }
    defines.space_platform_state = { waiting_for_starter_pack = 0, on_the_path = 5, waiting_at_station = 6 }
  else
    defines.inventory.rocket = 1
  end
  return defines
end

-- Installs a fresh game of `version` ("1.1" or "2.0") into the globals. Writes go to `out` (a directory whose
-- isr/ subdirectory the caller created) when given, and are always recorded in env.writes.
function stub.install(version, out)
  local v2 = version == "2.0"
  local env = { version = version, writes = {}, removed = {}, handlers = {}, tick = 1000, out = out, files = {} }

  local function write_file(name, data, append, for_player)
    assert(type(name) == "string" and type(data) == "string" and type(append) == "boolean", "write_file(name, data, append, for_player)")
    assert(for_player == 0, "write_file must be called with for_player 0 (server only), got " .. tostring(for_player))
    env.writes[#env.writes + 1] = { name = name, data = data, append = append }
    env.files[name] = (append and env.files[name] or "") .. data
    if out then
      local file = assert(io.open(out .. "/" .. name, append and "ab" or "wb"))
      file:write(data)
      file:close()
    end
  end

  local function remove_path(name)
    env.removed[#env.removed + 1] = name
    env.files[name] = nil
    if out then
      os.remove(out .. "/" .. name)
    end
  end

  local forces = {}
  for _, name in ipairs({ "player", "enemy", "neutral" }) do
    forces[name] = strict("LuaForce", { name = name, rockets_launched = 0, technologies = {} })
  end
  env.forces = forces

  local surfaces = { nauvis = strict("LuaSurface", { name = "nauvis" }) }
  env.surfaces = surfaces
  local players = {}
  env.players = players

  local game = strict("LuaGameScript", {
    forces = forces,
    surfaces = surfaces,
    players = players,
    get_player = function(index) return players[index] end,
  }, { "tick" })
  if not v2 then
    game.write_file = write_file
    game.remove_path = remove_path
  end

  _G.defines = build_defines(v2)
  _G.game = game
  _G.helpers = v2 and { write_file = write_file, remove_path = remove_path } or nil
  _G.storage = v2 and {} or nil
  _G.global = (not v2) and {} or nil
  _G.settings = { global = {} }
  _G.remote = {
    interfaces = {},
    add_interface = function(name, functions) _G.remote.interfaces[name] = functions end,
    call = function(name, fn, ...) return _G.remote.interfaces[name][fn](...) end,
  }
  _G.script = {
    on_init = function(f) env.on_init = f end,
    on_load = function(f) env.on_load = f end,
    on_configuration_changed = function(f) env.on_configuration_changed = f end,
    on_event = function(id, f)
      assert(type(id) == "number", "on_event with an unknown event id")
      env.handlers[id] = f
    end,
    on_nth_tick = function() error("the mod must not run per-tick work") end,
  }
  env.persistent = function() return v2 and _G.storage or _G.global end

  function env.set(name, value)
    _G.settings.global[name] = { value = value }
  end

  function env.fire(name, event)
    local id = _G.defines.events[name]
    assert(id ~= nil, "no event " .. name .. " in Factorio " .. version)
    local handler = env.handlers[id]
    assert(handler ~= nil, "the mod does not handle " .. name)
    env.tick = env.tick + 60
    event.tick = event.tick or env.tick
    event.name = id
    handler(event)
  end

  function env.handles(name)
    local id = _G.defines.events[name]
    return id ~= nil and env.handlers[id] ~= nil
  end

  function env.player(index, name, options)
    options = options or {}
    local player = strict("LuaPlayer", {
      index = index,
      name = name,
      force = forces[options.force or "player"],
      surface = surfaces[options.surface or "nauvis"],
      position = options.position or { x = 1.5, y = -2.25 },
    })
    players[index] = player
    return player
  end

  function env.entity(name, entity_type, options)
    options = options or {}
    local fields = {
      name = name,
      type = entity_type,
      force = forces[options.force or "enemy"],
      surface = surfaces[options.surface or "nauvis"],
      position = options.position or { x = 10, y = 20 },
      unit_number = options.unit_number or 77,
    }
    local nils = {}
    if entity_type == "character" then
      fields.player = options.player
      nils[#nils + 1] = "player"
    end
    for key, value in pairs(options.extra or {}) do
      fields[key] = value
    end
    return strict("LuaEntity", fields, nils)
  end

  function env.technology(name, level, force)
    local technology = strict("LuaTechnology", { name = name, level = level or 1, force = forces[force or "player"] })
    forces[force or "player"].technologies[name] = technology
    return technology
  end

  -- 1.1: get_contents() is a dictionary name -> count; 2.0: an array of {name, count, quality}.
  function env.inventory(items)
    local contents = {}
    for _, item in ipairs(items) do
      if v2 then
        contents[#contents + 1] = { name = item[1], count = item[2], quality = item[3] or "normal" }
      else
        contents[item[1]] = item[2]
      end
    end
    return strict("LuaInventory", { get_contents = function() return contents end })
  end

  function env.rocket(items, destination)
    local inventory = env.inventory(items)
    if v2 then
      local pod = strict("LuaEntity", {
        name = "cargo-pod", type = "cargo-pod",
        get_inventory = function(i) assert(i == _G.defines.inventory.cargo_unit) return inventory end,
        cargo_pod_destination = destination or { type = _G.defines.cargo_destination.orbit },
      })
      return strict("LuaEntity", { name = "rocket", type = "rocket", cargo_pod = pod, force = forces.player, surface = surfaces.nauvis, position = { x = 0, y = 0 } })
    end
    return strict("LuaEntity", {
      name = "rocket", type = "rocket", force = forces.player, surface = surfaces.nauvis, position = { x = 0, y = 0 },
      get_inventory = function(i) assert(i == _G.defines.inventory.rocket) return inventory end,
    })
  end

  function env.platform(name, location)
    assert(v2, "space platforms exist in 2.0 only")
    return strict("LuaSpacePlatform", {
      name = name,
      force = forces.player,
      state = _G.defines.space_platform_state.waiting_at_station,
      space_location = location and strict("LuaSpaceLocationPrototype", { name = location }) or nil,
    }, { "space_location" })
  end

  -- Loads control.lua as the game does: once per Lua state, before any event.
  function env.load(mod_dir)
    dofile(mod_dir .. "/control.lua")
  end

  return env
end

return stub

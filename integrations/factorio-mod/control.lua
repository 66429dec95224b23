-- Factorio ISR companion mod: appends one JSON object per line to script-output/isr/events-<n>.jsonl, on the
-- server only, for the events vanilla Factorio logs nowhere (deaths, research, rockets, ...). isr tails the
-- numbered files in order (docs/mod.md). Works on Factorio 1.1 and 2.0; every handler is O(1) and nothing runs
-- per tick.

local FORMAT_VERSION = 1
local DIRECTORY = "isr/"

-- The 2.0 names (helpers, storage) with the 1.1 ones (game, global) as the fallback. Resolved at call time: in
-- 1.1 `game` exists only once the game is running, and neither table may be touched in on_load.
local function api()
  if helpers ~= nil and helpers.write_file ~= nil then
    return helpers
  end
  return game
end

local function root()
  if storage ~= nil then
    return storage
  end
  return global
end

-- ---------------------------------------------------------------------------------------------------------------
-- JSON: our own encoder, so every name is escaped and the fields keep their order (table_to_json has none).

local ESCAPES = {
  ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t',
}

local function json_string(s)
  return '"' .. string.gsub(s, '[%c"\\]', function(c)
    return ESCAPES[c] or string.format("\\u%04x", string.byte(c))
  end) .. '"'
end

local function json_number(n)
  if n ~= n or n == math.huge or n == -math.huge then
    return nil -- NaN and infinities have no JSON form: the field is left out
  end
  if n == math.floor(n) and n > -9007199254740992 and n < 9007199254740992 then
    return string.format("%.0f", n) -- "%d" would go through a C long, 32 bits on Windows
  end
  return string.format("%.14g", n)
end

local function json_value(value)
  local kind = type(value)
  if kind == "string" then
    return json_string(value)
  elseif kind == "number" then
    return json_number(value)
  elseif kind == "boolean" then
    return value and "true" or "false"
  end
  return nil -- nil (and anything else) leaves the field out
end

-- fields: an array of {name, value} pairs; pairs whose value is nil are left out.
local function encode(event_type, tick, fields)
  local parts = { '{"v":', tostring(FORMAT_VERSION), ',"tick":', json_number(tick) or "0", ',"type":', json_string(event_type) }
  for i = 1, #fields do
    local pair = fields[i]
    local encoded = json_value(pair[2])
    if encoded ~= nil then
      parts[#parts + 1] = "," .. json_string(pair[1]) .. ":" .. encoded
    end
  end
  parts[#parts + 1] = "}"
  return table.concat(parts)
end

-- ---------------------------------------------------------------------------------------------------------------
-- The numbered files. Where we are (file number, its bytes and events) lives in storage/global, so a save knows
-- which file it writes; a new file is started past the size or event limit of the map settings.

local function setting(name, default)
  local global_settings = settings and settings.global
  local entry = global_settings and global_settings[name]
  if entry ~= nil and type(entry.value) == "number" then
    return entry.value
  end
  return default
end

local function state()
  local r = root()
  local s = r.isr
  if s == nil then
    s = { file = 1, bytes = 0, events = 0, first_rocket = {} }
    r.isr = s
  end
  s.first_rocket = s.first_rocket or {}
  return s
end

local function file_name(number)
  return DIRECTORY .. "events-" .. string.format("%.0f", number) .. ".jsonl"
end

local function write_line(line)
  local s = state()
  local size = #line + 1
  if s.bytes > 0 and (s.bytes + size > setting("isr-max-file-bytes", 1048576) or s.events >= setting("isr-max-file-events", 10000)) then
    s.file = s.file + 1
    s.bytes = 0
    s.events = 0
    local keep = setting("isr-keep-files", 10)
    local target = api()
    if keep > 0 and s.file - keep >= 1 and target.remove_path ~= nil then
      target.remove_path(file_name(s.file - keep))
    end
  end
  -- The first line of a file replaces whatever an older map left under that number; later lines append.
  -- for_player 0: only the server writes (clients write nothing).
  api().write_file(file_name(s.file), line .. "\n", s.bytes > 0, 0)
  s.bytes = s.bytes + size
  s.events = s.events + 1
end

local function emit(event_type, tick, fields)
  write_line(encode(event_type, tick, fields))
end

-- ---------------------------------------------------------------------------------------------------------------
-- Event handlers.

local function valid(object)
  return object ~= nil and object.valid
end

local function position_fields(fields, position)
  if position ~= nil then
    fields[#fields + 1] = { "x", position.x }
    fields[#fields + 1] = { "y", position.y }
  end
  return fields
end

local function force_name(entity)
  local force = entity.force
  if type(force) == "string" then
    return force
  end
  return force and force.name
end

local function on_player_died(event)
  local player = game.get_player(event.player_index)
  if not valid(player) then
    return
  end
  local fields = { { "player", player.name } }
  local cause = event.cause
  if valid(cause) then
    fields[#fields + 1] = { "cause_name", cause.name }
    fields[#fields + 1] = { "cause_type", cause.type }
    fields[#fields + 1] = { "cause_force", force_name(cause) }
    if cause.type == "character" and cause.player ~= nil then
      fields[#fields + 1] = { "cause_player", cause.player.name }
    end
  end
  fields[#fields + 1] = { "force", player.force.name }
  fields[#fields + 1] = { "surface", player.surface.name }
  emit("player_died", event.tick, position_fields(fields, player.position))
end

local function on_player_respawned(event)
  local player = game.get_player(event.player_index)
  if not valid(player) then
    return
  end
  emit("player_respawned", event.tick, position_fields({ { "player", player.name }, { "surface", player.surface.name } }, player.position))
end

local function research_fields(technology)
  return { { "technology", technology.name }, { "level", technology.level }, { "force", technology.force.name } }
end

local function on_research_started(event)
  if valid(event.research) then
    emit("research_started", event.tick, research_fields(event.research))
  end
end

local function on_research_finished(event)
  if valid(event.research) then
    local fields = research_fields(event.research)
    fields[#fields + 1] = { "by_script", event.by_script == true }
    emit("research_finished", event.tick, fields)
  end
end

-- event.research is a dictionary technology name -> times cancelled (one line each: a handful at most).
local function on_research_cancelled(event)
  local force = event.force
  if not valid(force) or type(event.research) ~= "table" then
    return
  end
  for name, _ in pairs(event.research) do
    local technology = force.technologies[name]
    emit("research_cancelled", event.tick, {
      { "technology", name }, { "level", technology and technology.level }, { "force", force.name },
    })
  end
end

-- "name xN, ..." from a 1.1 dictionary (name -> count) or a 2.0 array ({name, count, quality}).
local function describe_contents(contents)
  local items = {}
  for key, entry in pairs(contents) do
    if type(entry) == "table" then
      local quality = entry.quality
      if quality ~= nil and quality ~= "normal" then
        items[#items + 1] = entry.name .. " (" .. quality .. ") x" .. string.format("%.0f", entry.count)
      else
        items[#items + 1] = entry.name .. " x" .. string.format("%.0f", entry.count)
      end
    else
      items[#items + 1] = key .. " x" .. string.format("%.0f", entry)
    end
  end
  table.sort(items)
  if #items == 0 then
    return nil
  end
  return table.concat(items, ", ")
end

-- LuaEntity raises an error on a key it does not have, so the version decides which keys are read.
local function is_v2()
  return helpers ~= nil
end

local function cargo_of(rocket)
  local inventory
  if is_v2() then
    local pod = rocket.cargo_pod -- 2.0: the cargo travels in a pod
    if valid(pod) then
      inventory = pod.get_inventory(defines.inventory.cargo_unit)
    end
  else
    inventory = rocket.get_inventory(defines.inventory.rocket) -- 1.1
  end
  if inventory == nil then
    return nil
  end
  return describe_contents(inventory.get_contents())
end

-- 2.0: where the pod goes (an orbit, a space platform, a station).
local function destination_fields(fields, rocket)
  if not is_v2() then
    return
  end
  local pod = rocket.cargo_pod
  if not valid(pod) or defines.cargo_destination == nil then
    return
  end
  local destination = pod.cargo_pod_destination
  if destination == nil then
    return
  end
  for name, value in pairs(defines.cargo_destination) do
    if value == destination.type then
      fields[#fields + 1] = { "destination", name }
    end
  end
  local platform = destination.space_platform
  if platform ~= nil and platform.valid then
    fields[#fields + 1] = { "platform", platform.name }
  end
end

local function on_rocket_launched(event)
  local rocket = event.rocket
  local silo = event.rocket_silo
  local anchor = valid(silo) and silo or (valid(rocket) and rocket or nil)
  if anchor == nil then
    return
  end
  local force = force_name(anchor)
  local player = event.player_index and game.get_player(event.player_index)
  local launched_by = valid(player) and player.name or nil
  local fields = { { "surface", anchor.surface.name } }
  if valid(silo) then
    fields[#fields + 1] = { "silo", silo.name }
    fields[#fields + 1] = { "silo_id", silo.unit_number }
  end
  fields[#fields + 1] = { "force", force }
  fields[#fields + 1] = { "player", launched_by }
  if valid(rocket) then
    fields[#fields + 1] = { "cargo", cargo_of(rocket) }
    destination_fields(fields, rocket)
  end
  emit("rocket_launched", event.tick, position_fields(fields, anchor.position))

  local s = state()
  if force ~= nil and not s.first_rocket[force] then
    s.first_rocket[force] = true
    emit("first_rocket", event.tick, { { "force", force }, { "surface", anchor.surface.name }, { "player", launched_by } })
  end
end

-- 2.0: a platform that reached its destination waits at the station.
local function on_space_platform_changed_state(event)
  local platform = event.platform
  if not valid(platform) or platform.state ~= defines.space_platform_state.waiting_at_station then
    return
  end
  local location = platform.space_location
  emit("platform_arrived", event.tick, {
    { "platform", platform.name },
    { "location", location and location.name },
    { "force", platform.force and platform.force.name },
  })
end

-- ---------------------------------------------------------------------------------------------------------------
-- Lifecycle: a new map, a save that gains the mod, and a save that already has it all end in the same state.

local function remember_launched_rockets()
  local s = state()
  for name, force in pairs(game.forces) do
    if (force.rockets_launched or 0) > 0 then
      s.first_rocket[name] = true -- rockets from before the mod are no "first rocket"
    end
  end
end

local function prepare()
  local s = state()
  if type(s.file) ~= "number" or s.file < 1 then
    s.file = 1
  end
  s.bytes = tonumber(s.bytes) or 0
  s.events = tonumber(s.events) or 0
  remember_launched_rockets()
end

script.on_init(prepare)
script.on_configuration_changed(prepare)

local handlers = {
  { "on_player_died", on_player_died },
  { "on_player_respawned", on_player_respawned },
  { "on_research_started", on_research_started },
  { "on_research_finished", on_research_finished },
  { "on_research_cancelled", on_research_cancelled },
  { "on_rocket_launched", on_rocket_launched },
  { "on_space_platform_changed_state", on_space_platform_changed_state }, -- 2.0 only
}

for _, entry in ipairs(handlers) do
  local id = defines.events[entry[1]]
  if id ~= nil then
    script.on_event(id, entry[2])
  end
end

remote.add_interface("factorio-isr", {
  -- Which file the mod writes, for `/sc rcon.print(remote.call("factorio-isr", "status"))`.
  status = function()
    local s = state()
    return file_name(s.file) .. " " .. string.format("%.0f", s.bytes) .. " bytes, " .. string.format("%.0f", s.events) .. " events"
  end,
})
